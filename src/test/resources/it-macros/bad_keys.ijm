// Test macro for BadMacroKeysIT: argument "<case>|<empty folder>|<damaged model zip>". Each case gives one bad
// key; the command must print its error and stop the macro (never a modal dialog that hangs -batch).
args = split(getArgument(), "|");
bad = args[0];
folder = args[1];
setBatchMode(true);
newImage("input", "RGB ramp", 40, 30, 1);
if (bad == "top-word")
    run("Classify Image", "model=[] top=abc");
else if (bad == "top-zero")
    run("Classify Image", "model=[] top=0");
else if (bad == "folder-top")
    run("Classify Folder", "input=[" + folder + "] top=1.5");
else if (bad == "epochs")
    run("Train CIFAR-10 Classifier", "data=[" + folder + "] epochs=abc model=[" + folder + "/m.zip]");
else if (bad == "rate")
    run("Train CIFAR-10 Classifier", "data=[" + folder + "] rate=fast model=[" + folder + "/m.zip]");
else if (bad == "shape")
    run("Train CIFAR-10 Classifier", "data=[" + folder + "] shape=native model=[" + folder + "/m.zip]");
else if (bad == "seed")
    run("Open CIFAR-10 Samples", "data=[" + folder + "] seed=one");
else if (bad == "damaged")
    run("Classify Image", "model=[" + args[2] + "]");
else if (bad == "damaged-folder")
    run("Classify Folder", "input=[" + File.getDirectory(args[2]) + "] model=[" + args[2] + "]");
else if (bad == "explain-layer")
    run("Explain Classification", "model=[] class=top layer=pool1 method=gradcam");
else if (bad == "explain-class")
    run("Explain Classification", "model=[] class=unicorn method=gradcam");
else if (bad == "explain-maps")
    run("Classify Folder", "input=[" + File.getDirectory(args[2]) + "] model=[] maps=[" + folder + "/none]");
else if (bad == "bracket")
    run("Evaluate Classifier", "data=[" + folder);
print("after run");
