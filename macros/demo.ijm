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
