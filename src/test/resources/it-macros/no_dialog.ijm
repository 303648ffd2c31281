// Test macro for BatchNoDialogIT: argument "<case>". A menu command run without options in -batch must print
// its message and stop the macro (before: a modal dialog that nobody can click, and the run never ended).
which = getArgument();
setBatchMode(true);
newImage("input", "RGB ramp", 40, 30, 1);
if (which == "classify-empty")
    run("Classify Image", "");
else if (which == "classify-none")
    run("Classify Image");
else if (which == "channels-none")
    run("Show Channels and Activations");
else if (which == "folder-empty")
    run("Classify Folder", "");
print("after run");
