// Test macro for UnreadableFilesIT: argument "command|folder|model|output".
// Runs Classify Folder, Train or Evaluate on a folder of class subfolders that also holds
// unreadable files; each must finish (no modal error) and list the unreadable files.
args = split(getArgument(), "|");
command = args[0]; input = args[1]; model = args[2]; output = args[3];

if (command == "classify") {
    run("Classify Folder", "input=[" + input + "] model=[" + model + "] output=[" + output + "] filter=[] top=2 recursive");
    print("classify csv exists=" + File.exists(output));
    if (isOpen("Unreadable Files")) {
        for (i = 0; i < Table.size("Unreadable Files"); i++)
            print("unreadable: " + Table.getString("file", i, "Unreadable Files"));
    }
}
if (command == "train") {
    run("Train CIFAR-10 Classifier", "data=[" + input + "] architecture=seed epochs=1 batch=8 rate=0.001 schedule=constant"
        + " validation=0.25 dropout=-1 seed=42 model=[" + output + "] limit=0");
    print("train model exists=" + File.exists(output));
}
if (command == "evaluate") {
    run("Evaluate Classifier", "model=[" + model + "] data=[" + input + "]");
    if (isOpen("Evaluation"))
        print("evaluation accuracy: " + Table.get("accuracy", 0, "Evaluation"));
}
if (command == "train" || command == "evaluate") {
    if (isOpen("Unreadable Files")) {
        for (i = 0; i < Table.size("Unreadable Files"); i++)
            print("unreadable: " + Table.getString("file", i, "Unreadable Files"));
    }
}
print("macro finished");
