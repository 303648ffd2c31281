// Test macro for PluginCommandParityIT: argument "image|model|data". Prints the values the IT compares
// with the SciJava commands' outputs for the same input.
args = split(getArgument(), "|");
open(args[0]);
makeRectangle(3, 5, 20, 18);
run("Classify Image", "model=[" + args[1] + "] top=3");
for (i = 0; i < 3; i++) {
    print("rank" + (i + 1) + "=" + Table.getString("class", i, "Classification") + " "
        + d2s(Table.get("probability", i, "Classification"), 9));
}
run("Evaluate Classifier", "model=[" + args[1] + "] data=[" + args[2] + "]");
print("accuracy=" + d2s(Table.get("accuracy", 0, "Evaluation"), 9));
print("loss=" + d2s(Table.get("loss", 0, "Evaluation"), 9));
