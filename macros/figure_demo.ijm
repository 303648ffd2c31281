// Network figure demo: one CIFAR-10 test image through a model, as one RGB picture (the input, the
// strongest feature maps of each layer, the class probabilities), saved as PNG.
// Run: ImageJ -batch macros/figure_demo.ijm "<output folder>|<model .zip (empty: the default model)>"
// or from Plugins>Macros>Run... (then the figure is shown and saved to the ImageJ folder).
args = split(getArgument(), "|");
out = getDirectory("imagej");
if (args.length > 0 && args[0] != "") out = args[0];
model = "";
if (args.length > 1) model = args[1];
if (!endsWith(out, File.separator)) out = out + File.separator;
image = getDirectory("imagej") + "samples" + File.separator + "cat.png";
if (!File.exists(image)) {
    // The fixture cat of the source tree, when run from it.
    image = File.getParent(getInfo("macro.filepath")) + "/../src/test/resources/fixtures/cifar10-jpg/cat/0000.jpg";
}
open(image);
rename("cat.png");
run("Show Channels and Activations", "model=[" + model + "] layers=all figure");
selectImage("cat-figure");
saveAs("PNG", out + "network-figure.png");
print("figure: " + out + "network-figure.png " + getWidth() + "x" + getHeight());
