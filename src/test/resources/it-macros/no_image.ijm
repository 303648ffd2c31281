// Test macro for ClassifyImageIT: Classify Image without an open image must stop with a message.
run("Classify Image", "model=[] top=3");
print("not reached");
