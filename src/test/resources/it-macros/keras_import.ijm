// Test macro for KerasImportIT: argument "<keras file>|<classes>|<model zip>|<image folder>|<csv>". Imports the
// Keras model, classifies the folder with it, and prints "after run" (a failed import stops the macro first).
args = split(getArgument(), "|");
setBatchMode(true);
run("Import Keras Model", "file=[" + args[0] + "] classes=[" + args[1] + "] normalize=auto model=[" + args[2] + "]");
run("Classify Folder", "input=[" + args[3] + "] model=[" + args[2] + "] output=[" + args[4] + "] top=1");
print("after run");
