// CNN Classifier demo. Runs every command of the plugin on generated images (no internet needed)
// and saves what they make into the folder given as the macro argument.
//   ./start-imagej.sh                      (without a display it runs this macro under Xvfb)
//   java -jar ij.jar -ijpath <ImageJ folder> -batch macros/demo.ijm <output folder>
// Each command has its own section below; add new sections at the end, keep them independent
// (each opens or creates its own input and closes what it opened).

// ===== Setup: output folder =====
out = getArgument();
if (out == "")
    out = getDirectory("temp") + "cnn-classifier-demo";
if (!endsWith(out, File.separator))
    out = out + File.separator;
File.makeDirectory(out);
setBatchMode(true);
print("CNN Classifier demo, writing to " + out);

// ===== Apply Convolution Kernel =====
// A generated 8-bit image with edges: a bright disc and a bar on a dark ramp, slightly blurred.
newImage("shapes", "8-bit ramp", 160, 120, 1);
run("Multiply...", "value=0.3");
setColor(230);
fillOval(20, 25, 60, 50);
setColor(180);
fillRect(100, 20, 30, 80);
run("Gaussian Blur...", "sigma=1.5");
saveAs("Tiff", out + "shapes.tif");
rename("shapes");

// The "Edges" preset bank (Sobel X, Sobel Y, Laplacian) with ImageJ's defaults: one map per kernel.
run("Apply Convolution Kernel", "preset=Edges stride=1 padding=same edges=replicate normalize channels=sum activation=none");
reportFeatures("shapes-edges.tif");
close();

// A typed 2x2 kernel with stride 2 and no padding, as in the tutorial: the output is
// floor((160 - 2) / 2) + 1 = 80 by floor((120 - 2) / 2) + 1 = 60 pixels.
selectImage("shapes");
run("Apply Convolution Kernel", "kernels=[# Diagonal\n1 0\n0 -1] stride=2 padding=valid channels=sum activation=relu");
reportFeatures("shapes-diagonal-stride2.tif");
close();
close("shapes");

// An RGB image: with channels=sum a filter spans R, G and B and adds their responses (as a CNN
// does); with channels=separate there is one map per kernel and channel (a hyperstack).
newImage("colors", "RGB black", 96, 64, 1);
setColor(255, 0, 0);
fillRect(8, 8, 40, 48);
setColor(0, 200, 255);
fillOval(40, 12, 48, 40);
saveAs("Tiff", out + "colors.tif");
rename("colors");
run("Apply Convolution Kernel", "preset=[Sobel X] stride=1 padding=same edges=zero normalize channels=sum activation=none");
reportFeatures("colors-sobel-sum.tif");
close();
selectImage("colors");
run("Apply Convolution Kernel", "preset=[Sobel X] stride=1 padding=same edges=zero normalize channels=separate activation=none");
reportFeatures("colors-sobel-separate.tif");
close();
close("colors");

// ===== Show Channels and Activations, Classify Image (default model) =====
// The RGB image's channels as a composite hyperstack, then what the default model's layers see.
newImage("scene", "RGB ramp", 64, 48, 1);
setColor(20, 120, 220);
fillRect(0, 0, 64, 20);
setColor(40, 160, 60);
fillOval(10, 22, 44, 24);
saveAs("Tiff", out + "scene.tif");
rename("scene");
run("Show Channels and Activations", "activations model=[] layers=[conv1,pool3] montage");
selectImage("scene-channels");
print("scene-channels: " + nSlices + " channels");
saveAs("Tiff", out + "scene-channels.tif");
selectImage("scene-conv1");
getDimensions(w, h, c, z, t);
print("scene-conv1: " + w + "x" + h + ", " + c + " channels");
saveAs("Tiff", out + "scene-conv1.tif");
selectImage("scene");
run("Classify Image", "model=[] top=3");
print("Classify Image: scene is " + Table.getString("class", 0, "Classification")
    + " (p=" + d2s(Table.get("probability", 0, "Classification"), 3) + ")");
Table.save(out + "classification.csv", "Classification");
close("scene*");
close("Kernels");

// ===== Classify Folder (default model) =====
// Every TIFF the demo wrote so far, into a CSV with the top 3 classes of each.
run("Classify Folder", "input=[" + out + "] model=[] output=[" + out + "classes.csv] filter=*.tif top=3");
print("Classify Folder: " + Table.size("Classify Folder") + " images -> classes.csv");

// ===== CIFAR-10 samples, training and evaluation =====
// With ../shared beside the project: the full CIFAR-10 training data. In a plain clone: the 200
// CIFAR-10 records and 100 sample JPEGs the tests use (src/test/resources/fixtures), enough to see
// every step work (not to train a good model).
cifar = getDirectory("imagej") + "../../../shared/cifar-10-batches-bin";
fixtures = getDirectory("imagej") + "../../src/test/resources/fixtures";
if (File.exists(cifar + File.separator + "data_batch_1.bin")) {
    data = cifar;
    keys = "epochs=2 limit=2000";
    evaluation = cifar + File.separator + "data_batch_5.bin";
} else {
    data = fixtures + File.separator + "data_batch_1-first200.bin";
    keys = "epochs=2";
    evaluation = fixtures + File.separator + "cifar10-jpg";
    print("No CIFAR-10 data at " + cifar + ": training on the 200 images of " + data);
}
run("Open CIFAR-10 Samples", "data=[" + data + "] seed=1");
saveAs("PNG", out + "cifar-samples.png");
close("*");
run("Train CIFAR-10 Classifier", "data=[" + data + "] architecture=seed " + keys + " batch=32 rate=0.001"
    + " schedule=constant validation=0.2 dropout=-1 seed=42 model=[" + out + "seed-demo.zip]");
run("Evaluate Classifier", "model=[" + out + "seed-demo.zip] data=[" + evaluation + "]");
print("Evaluate Classifier: accuracy " + d2s(Table.get("accuracy", 0, "Evaluation"), 4) + " on " + evaluation);
run("Evaluate Classifier", "model=[] data=[" + evaluation + "]");
print("Evaluate Classifier, default model: accuracy " + d2s(Table.get("accuracy", 0, "Evaluation"), 4));

// ===== End =====
print("CNN Classifier demo done.");

// Saves the active feature-map image and prints its size and slice labels.
function reportFeatures(name) {
    getDimensions(w, h, c, z, t);
    labels = "";
    for (i = 1; i <= nSlices; i++) {
        setSlice(i);
        if (i > 1)
            labels = labels + ", ";
        labels = labels + getInfo("slice.label");
    }
    print(getTitle() + " -> " + name + ": " + w + "x" + h + ", " + nSlices + " slices (c=" + c + " z=" + z + " t=" + t + "): " + labels);
    saveAs("Tiff", out + name);
}
