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

// ===== Pictures for the README (docs-images/) =====
// The pictures of README.md: ./start-imagej.sh copies docs-images/*.png to docs/images/ when it
// runs from a clone with the default output folder. Small images are enlarged with nearest
// neighbour so that every pixel stays visible.
pics = out + "docs-images" + File.separator;
File.makeDirectory(pics);
fixtures = getDirectory("imagej") + "../../src/test/resources/fixtures";
jpegs = fixtures + File.separator + "cifar10-jpg";

// feature-maps.png: a generated image and the Edges bank's three feature maps (32-bit, so that the
// ramp has no 8-bit steps for the Laplacian to find).
newImage("pic-shapes", "32-bit ramp", 256, 192, 1);
run("Multiply...", "value=90");
setColor(230);
fillOval(16, 24, 90, 80);
setColor(170);
fillRect(126, 18, 34, 96);
setFont("SansSerif", 56, "bold");
setColor(250);
drawString("CNN", 110, 178);
run("Gaussian Blur...", "sigma=1.2");
run("Apply Convolution Kernel", "preset=Edges stride=1 padding=same edges=replicate normalize channels=sum activation=none");
features = getTitle();
canvas = picCanvas("pic-feature-maps", 2 * 256 + 3 * 8, 2 * (192 + 26) + 8);
picTile(canvas, "pic-shapes", 1, 8, 26, 1, "input (32-bit)");
for (i = 1; i <= 3; i++) {
    selectImage(features);
    setSlice(i);
    label = getInfo("slice.label");
    picTile(canvas, features, i, 8 + (i % 2) * (256 + 8), 26 + floor(i / 2) * (192 + 26), 1, label + " feature map");
}
picSave(canvas, pics + "feature-maps.png");
close(features);
close("pic-shapes");

// channels-activations.png: a CIFAR-10 image, its R, G, B channels, the default model's conv1
// feature maps (montage) and conv1's 2x2 RGB kernels (whitening filters, in signed pairs).
open(jpegs + File.separator + "horse" + File.separator + "0000.jpg");
rename("pic-horse");
run("Show Channels and Activations", "activations model=[] layers=[conv1] montage");
zoom = 4;
// The montage's tiles are already enlarged and labelled (layer:filter): it is pasted at 1x.
selectImage("pic-horse-conv1-montage");
montageW = getWidth();
montageH = getHeight();
selectImage("Kernels");
kernelsH = 2 * getHeight();
y2 = 26 + 32 * zoom + 30;
y3 = y2 + montageH + 30;
canvasW = maxOf(4 * 32 * zoom + 5 * 8, montageW + 16);
canvas = picCanvas("pic-activations", canvasW, y3 + kernelsH + 8);
picTile(canvas, "pic-horse", 1, 8, 26, zoom, "input (32x32 RGB)");
names = newArray("R", "G", "B");
for (c = 1; c <= 3; c++)
    picTile(canvas, "pic-horse-channels", c, 8 + c * (32 * zoom + 8), 26, zoom, "channel " + names[c - 1]);
picTile(canvas, "pic-horse-conv1-montage", 1, 8, y2, 1, "conv1 (default model): one feature map per filter");
picTile(canvas, "Kernels", 1, 8, y3, 2, "conv1's 2x2 kernels (weights for R, G, B as colour)");
picSave(canvas, pics + "channels-activations.png");
close("pic-horse*");
close("Kernels");

// training-plot.png: the seed network trained on the committed MNIST subset (30 digits per class,
// 10 per class held back for validation): the Training Accuracy plot Train writes beside the model.
mnist = fixtures + File.separator + "mnist-28";
run("Train CIFAR-10 Classifier", "data=[" + mnist + File.separator + "train] architecture=seed epochs=15 batch=16 rate=0.002"
    + " schedule=linear validation=[" + mnist + File.separator + "test] dropout=-1 seed=42 size=native channels=native"
    + " model=[" + out + "mnist-demo.zip]");
File.copy(out + "mnist-demo-history.png", pics + "training-plot.png");
print("training-plot.png: validation accuracy " + d2s(Table.get("val_accuracy", Table.size("Training History") - 1, "Training History"), 3));
close("*");

// classified-folder.png: Classify Folder on the committed sample JPEGs (one folder per class) with
// the default model; the first two files of each class with the predicted class and probability
// (green: right, red: wrong).
run("Classify Folder", "input=[" + jpegs + "] model=[] output=[" + out + "cifar10-jpg-classes.csv] recursive filter=*.jpg top=1");
n = Table.size("Classify Folder");
right = 0;
for (r = 0; r < n; r++)
    if (Table.getString("class", r, "Classify Folder") == Table.getString("true_class", r, "Classify Folder"))
        right++;
cols = 5;
tileW = 140;
tileH = 96 + 40;
canvas = picCanvas("pic-classified", cols * tileW + 8, 30 + 4 * tileH + 4);
setFont("SansSerif", 14, "antialiased bold");
setColor(0, 0, 0);
drawString("Classify Folder, default model: " + right + " of " + n + " sample JPEGs right", 8, 22);
shown = 0;
for (r = 0; r < n && shown < 20; r++) {
    file = Table.getString("file", r, "Classify Folder");
    if (!endsWith(file, "/0000.jpg") && !endsWith(file, "/0001.jpg"))
        continue;
    truth = Table.getString("true_class", r, "Classify Folder");
    predicted = Table.getString("class", r, "Classify Folder");
    p = Table.get("probability", r, "Classify Folder");
    open(jpegs + File.separator + replace(file, "/", File.separator));
    tile = getTitle();
    x = 8 + (shown % cols) * tileW;
    y = 30 + floor(shown / cols) * tileH;
    picTile(canvas, tile, 1, x, y, 3, "");
    close(tile);
    selectImage(canvas);
    setFont("SansSerif", 12, "antialiased");
    setColor(90, 90, 90);
    drawString(file, x, y + 96 + 15);
    setFont("SansSerif", 13, "antialiased bold");
    if (predicted == truth)
        setColor(0, 140, 0);
    else
        setColor(210, 0, 0);
    drawString(predicted + " " + d2s(100 * p, 0) + "%", x, y + 96 + 32);
    shown++;
}
picSave(canvas, pics + "classified-folder.png");
print("classified-folder.png: " + right + " of " + n + " right");

// network-figure.png: Show Channels and Activations' one-picture view of the default model on a
// fixture cat: the input, each layer's strongest maps, the class probabilities.
open(jpegs + File.separator + "cat" + File.separator + "0000.jpg");
rename("figure-cat");
run("Show Channels and Activations", "model=[] layers=all figure");
selectImage("figure-cat-figure");
saveAs("PNG", pics + "network-figure.png");
print("README picture network-figure.png: " + getWidth() + "x" + getHeight());
close("*");

// explained.png: Explain Classification with the default model on four fixture images: each image,
// then the Grad-CAM map of its top class and the occlusion map (8x8 patches, stride 4) over it.
names = newArray("cat", "dog", "horse", "ship");
canvas = picCanvas("pic-explained", 8 + 3 * 175, 34 + names.length * 160);
setFont("SansSerif", 14, "antialiased bold");
setColor(0, 0, 0);
drawString("Explain Classification (default model): where it sees the top class", 8, 20);
for (i = 0; i < names.length; i++) {
    y = 58 + i * 160;
    src = "explain-" + names[i];
    caption = names[i] + "/0000.jpg";
    open(jpegs + File.separator + names[i] + File.separator + "0000.jpg");
    rename(src);
    picTile(canvas, src, 1, 8, y, 4, caption);
    methods = newArray("gradcam", "occlusion");
    for (m = 0; m < methods.length; m++) {
        selectImage(src);
        run("Explain Classification", "model=[] class=top layer=[] method=" + methods[m] + " patch=8 stride=4");
        selectImage(src + "-explained");
        getDimensions(w, h, c, z, t);
        Stack.setChannel(c);
        label = getInfo("slice.label");
        run("Stack to RGB");
        rgb = getTitle();
        x = 8 + (m + 1) * 175;
        picTile(canvas, rgb, 1, x, y, 4, label);
        close(rgb);
        close(src + "-explained");
    }
    close(src);
}
picSave(canvas, pics + "explained.png");
close("*");

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

// A white RGB canvas for a README picture; returns its title.
function picCanvas(title, w, h) {
    newImage(title, "RGB white", w, h, 1);
    return title;
}

// Copies slice `slice` of image `src` (as displayed, enlarged `zoom` times with nearest neighbour)
// into `canvas` at (x, y), with `label` above it.
function picTile(canvas, src, slice, x, y, zoom, label) {
    selectImage(src);
    if (nSlices > 1) {
        getDimensions(w, h, c, z, t);
        if (c > 1 && z == 1 && t == 1)
            run("Duplicate...", "title=pic-tile duplicate channels=" + slice);
        else {
            setSlice(slice);
            run("Duplicate...", "title=pic-tile");
        }
    } else
        run("Duplicate...", "title=pic-tile");
    if (bitDepth() != 24) {
        resetMinAndMax();
        run("RGB Color");
    }
    w = getWidth() * zoom;
    h = getHeight() * zoom;
    if (zoom != 1)
        run("Size...", "width=" + w + " height=" + h + " interpolation=None");
    run("Select All");
    run("Copy");
    close("pic-tile");
    selectImage(canvas);
    makeRectangle(x, y, w, h);
    run("Paste");
    run("Select None");
    if (label != "") {
        setFont("SansSerif", 14, "antialiased");
        setColor(0, 0, 0);
        drawString(label, x, y - 6);
    }
}

// Saves a README picture as a PNG at `path` and closes it.
function picSave(canvas, path) {
    selectImage(canvas);
    saveAs("PNG", path);
    print("README picture " + File.getName(path) + ": " + getWidth() + "x" + getHeight());
    close();
}
