// Trains the tutorial CNN ("seed") for one epoch on a CIFAR-10 folder, evaluates the model on one
// of its batches and shows 25 labelled samples. Copy and adapt: change data, epochs, architecture.
// Run:  ImageJ -batch train_small.ijm /path/to/cifar-10-batches-bin
// (a folder with data_batch_N.bin files; the model is written there as model.zip)
dir = getArgument();
if (dir == "")
    dir = getDirectory("Choose a folder with CIFAR-10 batch files (data_batch_1.bin ...)");
if (endsWith(dir, File.separator))
    dir = substring(dir, 0, lengthOf(dir) - 1);
model = dir + File.separator + "model.zip";

run("Open CIFAR-10 Samples", "data=[" + dir + "] seed=1");
print("samples: " + nImages + " images");

run("Train CIFAR-10 Classifier", "data=[" + dir + "] architecture=seed epochs=1 batch=32 rate=0.001 schedule=constant"
    + " validation=0.2 dropout=-1 seed=42 model=[" + model + "] limit=0");
if (!File.exists(model))
    exit("Training wrote no model");
print("model: " + model + " (" + File.length(model) + " bytes)");

run("Evaluate Classifier", "model=[" + model + "] data=[" + dir + File.separator + "data_batch_1.bin]");
selectWindow("Evaluation");
print("evaluation accuracy: " + Table.get("accuracy", 0, "Evaluation"));
