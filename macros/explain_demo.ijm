// Explain Classification demo: where the default CIFAR-10 model sees the class of one fixture image.
//   java -jar ij.jar -ijpath <ImageJ folder> -batch macros/explain_demo.ijm <output folder>
// Writes <output folder>/cat-explained.png (the image with the Grad-CAM map of its top class as a last
// channel, composited as ImageJ shows it) and cat-occlusion.png (the same by occlusion), and logs the
// class each method explained.
out = getArgument();
if (out == "")
    out = getDirectory("temp") + "cnn-classifier-explain";
if (!endsWith(out, File.separator))
    out = out + File.separator;
File.makeDirectory(out);
setBatchMode(true);
macroDir = File.getDirectory(getInfo("macro.filepath"));
image = macroDir + ".." + File.separator + "src/test/resources/fixtures/cifar10-jpg/cat/0000.jpg";
open(image);
rename("cat");
// Grad-CAM of the top class at the last convolution layer (empty layer), with the raw map as 32-bit.
run("Explain Classification", "model=[] class=top layer=[] method=gradcam patch=8 stride=4 map");
selectImage("cat-explained");
Stack.setChannel(4);
print("Grad-CAM: " + getInfo("slice.label"));
saveAs("PNG", out + "cat-explained.png");
close();
selectImage("cat-map");
getStatistics(area, mean, min, max);
print("map: 32-bit, " + getWidth() + "x" + getHeight() + ", from " + min + " to " + max);
close();
// Occlusion: the drop in the probability of the class "cat" when an 8x8 patch is hidden (stride 4).
selectImage("cat");
run("Explain Classification", "model=[] class=cat layer=[] method=occlusion patch=8 stride=4");
Stack.setChannel(4);
print("occlusion: " + getInfo("slice.label"));
saveAs("PNG", out + "cat-occlusion.png");
close();
close("cat");
print("Explain demo: wrote " + out + "cat-explained.png and " + out + "cat-occlusion.png");
