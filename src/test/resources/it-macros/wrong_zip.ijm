// Test macro for FijiInstallIT: a platform without its native build. Convolution needs no ND4J;
// the first command that does stops the macro with one message.
newImage("ramp", "RGB ramp", 32, 32, 1);
run("Apply Convolution Kernel", "preset=Edges stride=1 padding=same edges=replicate normalize channels=sum activation=none");
print("convolution without ND4J: " + getTitle());
selectImage("ramp");
run("Classify Image", "model=[] top=1");
print("not reached");
