// Test macro for ClassifyImageIT: argument "image|model".
args = split(getArgument(), "|");
open(args[0]);
title = getTitle();
makeRectangle(0, 0, 16, 16);
run("Classify Image", "model=[" + args[1] + "] top=2");
print("rows=" + Table.size("Classification"));
print("class=" + Table.getString("class", 0, "Classification"));
print("probability=" + Table.get("probability", 0, "Classification"));
run("Select None");
run("Show Channels and Activations", "activations model=[" + args[1] + "] layers=[conv1, pool2] montage");
titles = getList("image.titles");
for (i = 0; i < titles.length; i++) {
    selectImage(titles[i]);
    getDimensions(w, h, c, z, t);
    setSlice(nSlices);
    print("image=" + titles[i] + " " + w + "x" + h + " c=" + c + " label=" + getInfo("slice.label"));
}
