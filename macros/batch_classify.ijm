// batch_classify.ijm: classify every image of a folder with the CNN Classifier plugin and write a CSV.
// Copy it and adapt. Run it from Plugins>Macros>Run..., or headless:
//   xvfb-run -a java -jar ij.jar -ijpath <ImageJ folder> -batch batch_classify.ijm "input=/data/images|model=/models/my.zip|output=/data/classes.csv"
// Argument keys (all optional; separated by '|'):
//   input   folder of images (asked for when missing)
//   model   model .zip from Train CIFAR-10 Classifier (empty: the default model shipped in the plugin)
//   output  CSV to write (default: classes.csv in the input folder)
//   filter  file name pattern (default *.jpg), recursive (true/false, default true), top (default 3)

input = ""; model = ""; output = ""; filter = "*.jpg"; recursive = "true"; top = "3";
args = split(getArgument(), "|");
for (i = 0; i < args.length; i++) {
    eq = indexOf(args[i], "=");
    if (eq < 0) continue;
    key = String.trim(substring(args[i], 0, eq));
    value = String.trim(substring(args[i], eq + 1));
    if (key == "input") input = value;
    else if (key == "model") model = value;
    else if (key == "output") output = value;
    else if (key == "filter") filter = value;
    else if (key == "recursive") recursive = value;
    else if (key == "top") top = value;
    else exit("batch_classify.ijm: unknown argument key '" + key + "' (use input, model, output, filter, recursive, top)");
}
if (input == "" && is("batch mode")) {
    print("batch_classify.ijm: give the folder as argument, e.g. \"input=/data/images|output=/data/classes.csv\"; nothing done.");
    exit;
}
if (input == "") input = getDirectory("Choose the folder of images to classify");
if (input == "") exit("batch_classify.ijm: no input folder");
if (endsWith(input, "/") || endsWith(input, "\\")) input = substring(input, 0, lengthOf(input) - 1);
if (output == "") output = input + File.separator + "classes.csv";

options = "input=[" + input + "] model=[" + model + "] output=[" + output + "] filter=[" + filter + "] top=" + top;
if (recursive == "true") options = options + " recursive";
run("Classify Folder", options);

if (!File.exists(output)) exit("batch_classify.ijm: no CSV was written to " + output);
lines = split(File.openAsString(output), "\n");
print("batch_classify.ijm: " + (lines.length - 1) + " images classified, CSV " + output);
// With one subfolder per model class, Classify Folder also fills the "Confusion Matrix" table;
// its last row ("all") holds the accuracy.
if (isOpen("Confusion Matrix")) {
    last = Table.size("Confusion Matrix") - 1;
    print("batch_classify.ijm: accuracy " + d2s(Table.get("recall", last, "Confusion Matrix"), 4));
}
