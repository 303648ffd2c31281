// Test macro for FijiInstallIT: the first command on a platform without its native build.
newImage("ramp", "RGB ramp", 32, 32, 1);
run("Classify Image", "model=[] top=1");
print("not reached");
