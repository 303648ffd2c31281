// Test macro for FijiInstallIT: every command of the plugin, run the same way in plain ImageJ and in
// a Fiji-like installation. Argument: "out|data|cifarModel|colorModel|image|folder|kerasModel".
// Lines starting with RESULT are compared between the two; images are saved as TIFF in out.
args = split(getArgument(), "|");
out = args[0]; data = args[1]; cifarModel = args[2]; colorModel = args[3]; image = args[4]; folder = args[5];
kerasModel = args[6];

function saveAll(prefix) {
    titles = getList("image.titles");
    for (i = 0; i < titles.length; i++) {
        selectImage(titles[i]);
        getDimensions(w, h, c, z, t);
        print("RESULT " + prefix + " image=" + titles[i] + " " + w + "x" + h + " c=" + c + " z=" + z + " t=" + t + " bitDepth=" + bitDepth());
        saveAs("Tiff", out + File.separator + prefix + "-" + i + ".tif");
    }
    close("*");
}

// Apply Convolution Kernel
open(image);
run("Apply Convolution Kernel", "preset=Edges stride=1 padding=same edges=replicate normalize channels=sum activation=none");
run("Apply Convolution Kernel", "kernels=[# Diagonal\n1 0\n0 -1] stride=2 padding=valid channels=separate activation=relu");
saveAll("convolution");
// (call() finds plugin classes once a plugin command has run: in -batch, ImageJ reads plugins/ then)
print("INFO " + call("org.cnnclassifier.network.Nd4jSetup.describe"));

// Show Channels and Activations
open(image);
run("Show Channels and Activations", "activations model=[" + colorModel + "] layers=[conv1,pool2] montage");
saveAll("activations");

// Open CIFAR-10 Samples
run("Open CIFAR-10 Samples", "data=[" + data + "] seed=1");
saveAll("samples");

// Train CIFAR-10 Classifier (a short training)
trained = out + File.separator + "trained.zip";
run("Train CIFAR-10 Classifier", "data=[" + data + "] architecture=seed epochs=1 batch=32 rate=0.001 schedule=constant"
    + " validation=0.2 dropout=-1 seed=42 model=[" + trained + "] limit=0");
print("RESULT trained model written=" + File.exists(trained));
close("*");

// Evaluate Classifier: one saved model on one batch
run("Evaluate Classifier", "model=[" + cifarModel + "] data=[" + data + File.separator + "data_batch_1.bin]");
print("RESULT evaluation images=" + Table.get("images", 0, "Evaluation") + " accuracy=" + d2s(Table.get("accuracy", 0, "Evaluation"), 9)
    + " loss=" + d2s(Table.get("loss", 0, "Evaluation"), 6));
run("Evaluate Classifier", "model=[" + trained + "] data=[" + data + File.separator + "data_batch_1.bin]");
// Training with a fixed seed gives the same network in both installations (measured).
print("RESULT trained model evaluation accuracy=" + d2s(Table.get("accuracy", 0, "Evaluation"), 6)
    + " loss=" + d2s(Table.get("loss", 0, "Evaluation"), 4));
close("*");

// Classify Image
open(image);
run("Classify Image", "model=[" + colorModel + "] top=3");
for (r = 0; r < Table.size("Classification"); r++)
    print("RESULT classify image rank=" + Table.get("rank", r, "Classification") + " class=" + Table.getString("class", r, "Classification")
        + " probability=" + d2s(Table.get("probability", r, "Classification"), 6));
close("*");

// Classify Folder
run("Classify Folder", "input=[" + folder + "] model=[" + colorModel + "] output=[" + out + File.separator + "classes.csv] recursive top=3");
print("RESULT classify folder rows=" + Table.size("Classify Folder"));

// Import Keras Model (HDF5's natives from jars/<platform>/ in Fiji), then classify with the imported model
imported = out + File.separator + "keras.zip";
run("Import Keras Model", "file=[" + kerasModel + "] classes=[airplane,automobile,bird,cat,deer,dog,frog,horse,ship,truck]"
    + " normalize=auto model=[" + imported + "]");
open(image);
run("Classify Image", "model=[" + imported + "] top=1");
print("RESULT keras import class=" + Table.getString("class", 0, "Classification") + " probability="
    + d2s(Table.get("probability", 0, "Classification"), 6));
close("*");
print("DONE");
