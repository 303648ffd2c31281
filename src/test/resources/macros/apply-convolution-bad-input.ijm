// Test macro: one bad input to "Apply Convolution Kernel" (argument: "<case> <output folder>").
// The command must report the problem and stop the macro, so the final saveAs never runs.
args = split(getArgument(), " ");
bad = args[0];
out = args[1];
setBatchMode(true);
if (bad != "noimage")
    newImage("input", "32-bit ramp", 40, 30, 1);
if (bad == "token")
    run("Apply Convolution Kernel", "kernels=[1 2 3\n4 x 6] stride=1 padding=same edges=replicate channels=sum activation=none");
else if (bad == "ragged")
    run("Apply Convolution Kernel", "kernels=[1 2 3\n4 5] stride=1 padding=same edges=replicate channels=sum activation=none");
else if (bad == "empty")
    run("Apply Convolution Kernel", "kernels=[ ] preset=Custom stride=1 padding=same edges=replicate channels=sum activation=none");
else if (bad == "nan")
    run("Apply Convolution Kernel", "kernels=[1 NaN\n0 1] stride=1 padding=same edges=replicate channels=sum activation=none");
else if (bad == "large")
    run("Apply Convolution Kernel", "kernels=[" + kernel(41) + "] stride=1 padding=valid edges=replicate channels=sum activation=none");
else if (bad == "stride")
    run("Apply Convolution Kernel", "preset=Edges stride=0 padding=same edges=replicate channels=sum activation=none");
else if (bad == "strideword")
    run("Apply Convolution Kernel", "preset=Edges stride=abc padding=same edges=replicate channels=sum activation=none");
else if (bad == "unknownkey")
    run("Apply Convolution Kernel", "preset=Edges strides=2");
else if (bad == "choice")
    run("Apply Convolution Kernel", "preset=Foo stride=1 padding=same edges=replicate channels=sum activation=none");
else if (bad == "noimage")
    run("Apply Convolution Kernel", "preset=Edges stride=1 padding=same edges=replicate channels=sum activation=none");
print("after run: " + nImages + " images, active: " + getTitle());
saveAs("Tiff", out + File.separator + "result.tif");
print("saved");

// A k x k kernel of ones, as macro text.
function kernel(k) {
    s = "";
    for (y = 0; y < k; y++) {
        for (x = 0; x < k; x++)
            s = s + "1 ";
        s = s + "\n";
    }
    return s;
}
