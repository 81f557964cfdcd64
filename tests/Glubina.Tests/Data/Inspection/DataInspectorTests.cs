using System.Text.Json.Nodes;
using Glubina.Data;
using Glubina.Data.Csv;
using Glubina.Data.Inspection;

namespace Glubina.Tests.Data.Inspection;

public sealed class DataInspectorTests
{
    private static Table Load(string folder, string file) => CsvLoader.Load(SharedData.PathOf(folder, file));

    private static Table With(Table table, params Column[] extra) => new([.. table.Columns, .. extra]);

    private static List<(InspectionWarningKind, string)> Warnings(DataInspection d) => d.Warnings.Select(w => (w.Kind, w.Column)).ToList();

    [Fact]
    public void Iris_columns_match_pandas_describe_and_classes_are_balanced()
    {
        DataInspection d = DataInspector.Inspect(Load("iris", "iris.plain.csv"), "target");

        Assert.Equal(150, d.RowCount);
        Assert.Equal(5, d.ColumnCount);
        Assert.All(d.Columns, c => Assert.Equal(ColumnKind.Numeric, c.Kind));
        Assert.All(d.Columns, c => Assert.Equal(0, c.MissingCount));
        // pandas: iris["sepal length (cm)"].describe() → min 4.3, max 7.9, mean 5.843333, std 0.828066; 35 distinct values.
        ColumnInspection sepal = d["sepal_length_cm"];
        Assert.Equal(4.3, sepal.Min);
        Assert.Equal(7.9, sepal.Max);
        Assert.Equal(5.843333, sepal.Mean!.Value, 6);
        Assert.Equal(0.828066, sepal.Std!.Value, 6);
        Assert.Equal(35, sepal.DistinctCount);
        Assert.False(sepal.IsInteger);
        Assert.Equal("5", sepal.TopValues[0].Value); // 5.0 occurs 10 times, more than any other length
        Assert.Equal(10, sepal.TopValues[0].Count);
        Assert.True(d["target"].IsInteger);
        Assert.Equal(3, d["target"].DistinctCount);

        Assert.NotNull(d.ClassBalance);
        Assert.Equal(["0", "1", "2"], d.ClassBalance!.Select(v => v.Value));
        Assert.Equal([50, 50, 50], d.ClassBalance!.Select(v => v.Count));
        Assert.All(d.ClassBalance!, v => Assert.Equal(1.0 / 3, v.Share, 12));
        Assert.Empty(d.Warnings);
    }

    [Fact]
    public void Added_constant_identifier_and_leaked_target_columns_are_flagged()
    {
        Table iris = Load("iris", "iris.plain.csv");
        double[] target = ((NumericColumn)iris["target"]).Values;
        string[] names = ["setosa", "versicolor", "virginica"];
        Table table = With(iris,
            new CategoricalColumn("source", Enumerable.Repeat<string?>("lab", 150).ToArray()),
            new NumericColumn("row_id", Enumerable.Range(1001, 150).Select(i => (double)i).ToArray()),
            new NumericColumn("target_copy", (double[])target.Clone()),
            new CategoricalColumn("species", target.Select(t => (string?)names[(int)t]).ToArray()),
            new CategoricalColumn("notes", Enumerable.Range(0, 150).Select(i => i % 5 < 3 ? null : i % 2 == 0 ? "checked" : "pending").ToArray()));

        DataInspection d = DataInspector.Inspect(table, "target");

        Assert.Equal(
            [
                (InspectionWarningKind.ConstantColumn, "source"),
                (InspectionWarningKind.LikelyIdentifier, "row_id"),
                (InspectionWarningKind.LeakageCandidate, "target_copy"),
                (InspectionWarningKind.LeakageCandidate, "species"),
                (InspectionWarningKind.HighMissingShare, "notes"),
            ],
            Warnings(d));
        Assert.Contains("equals the target 'target'", d.Warnings[2].Message);
        Assert.Contains("one-to-one", d.Warnings[3].Message);
        Assert.Contains("90 of 150 rows (60%)", d.Warnings[4].Message);
        Assert.Equal(90, d["notes"].MissingCount);
        Assert.Equal(ColumnKind.Categorical, d["species"].Kind);
        Assert.Equal(3, d["species"].DistinctCount);
    }

    [Fact]
    public void Breast_cancer_has_212_malignant_and_357_benign_and_no_warnings()
    {
        DataInspection d = DataInspector.Inspect(Load("breast-cancer", "breast_cancer.plain.csv"), "target");

        Assert.Equal(569, d.RowCount);
        Assert.Equal(31, d.ColumnCount);
        Assert.Equal([212, 357], d.ClassBalance!.Select(v => v.Count));
        // scikit-learn's DESCR: mean radius ranges over 6.981 … 28.11.
        Assert.Equal(6.981, d["mean_radius"].Min);
        Assert.Equal(28.11, d["mean_radius"].Max);
        Assert.Empty(d.Warnings);
    }

    [Fact]
    public void Diabetes_is_a_regression_target_and_correlated_or_identifying_columns_are_flagged()
    {
        Table diabetes = Load("diabetes", "diabetes.plain.csv");
        double[] y = ((NumericColumn)diabetes["target"]).Values;
        var noise = new Random(1);
        Table table = With(diabetes,
            new NumericColumn("leak", y.Select(v => 2 * v + 1 + noise.NextDouble()).ToArray()),
            new CategoricalColumn("patient", Enumerable.Range(0, y.Length).Select(i => (string?)$"P{(i * 7919) % 10007:D5}").ToArray()),
            new CategoricalColumn("clinic", Enumerable.Range(0, y.Length).Select(i => (string?)$"C{i % 80}").ToArray()));

        DataInspection d = DataInspector.Inspect(table, "target");

        Assert.Null(d.ClassBalance);
        Assert.Equal(442, d.RowCount);
        Assert.True(d["age"].IsInteger);
        Assert.Equal(2, d["sex"].DistinctCount);
        // scikit-learn's DESCR: the target ranges over 25 … 346.
        Assert.Equal(25, d["target"].Min);
        Assert.Equal(346, d["target"].Max);
        Assert.Equal(
            [
                (InspectionWarningKind.LeakageCandidate, "leak"),
                (InspectionWarningKind.LikelyIdentifier, "patient"),
                (InspectionWarningKind.HighCardinality, "clinic"),
            ],
            Warnings(d));
        Assert.Contains("correlation of 1.0000", d.Warnings[0].Message);
    }

    [Fact]
    public void Rare_class_is_reported_as_imbalance()
    {
        var labels = Enumerable.Range(0, 105).Select(i => (string?)(i < 100 ? "ok" : "fraud")).ToArray();
        var amounts = Enumerable.Range(0, 105).Select(i => (double)(i % 17)).ToArray();
        var table = new Table([new NumericColumn("amount", amounts), new CategoricalColumn("label", labels)]);

        DataInspection d = DataInspector.Inspect(table, "label");

        Assert.Equal([("fraud", 5), ("ok", 100)], d.ClassBalance!.Select(v => (v.Value, v.Count)));
        Assert.Equal([(InspectionWarningKind.ClassImbalance, "label")], Warnings(d));
    }

    [Fact]
    public void Without_a_target_only_column_checks_run()
    {
        Table iris = Load("iris", "iris.plain.csv");
        DataInspection d = DataInspector.Inspect(With(iris, new NumericColumn("copy", ((NumericColumn)iris["target"]).Values)));

        Assert.Null(d.Target);
        Assert.Null(d.ClassBalance);
        Assert.Empty(d.Warnings);
    }

    [Fact]
    public void Unknown_target_names_the_columns()
    {
        var e = Assert.Throws<ArgumentException>(() => DataInspector.Inspect(Load("iris", "iris.plain.csv"), "species"));
        Assert.Contains("'species'", e.Message);
        Assert.Contains("petal_width_cm", e.Message);
    }

    [Fact]
    public void Text_and_json_carry_columns_balance_and_warnings()
    {
        Table iris = Load("iris", "iris.plain.csv");
        DataInspection d = DataInspector.Inspect(With(iris, new NumericColumn("id", Enumerable.Range(0, 150).Select(i => (double)i).ToArray())), "target");

        string text = d.ToString();
        Assert.Contains("150 rows, 6 columns, target 'target'", text);
        Assert.Contains("petal_length_cm", text);
        Assert.Contains("Class balance of 'target'", text);
        Assert.Contains("33.3%", text);
        Assert.Contains("[likely_identifier] 'id' is a monotonic integer sequence", text);

        JsonObject json = JsonNode.Parse(d.ToJson().ToJsonString())!.AsObject();
        Assert.Equal(150, json["rows"]!.GetValue<int>());
        Assert.Equal(6, json["columns"]!.AsArray().Count);
        Assert.Equal("numeric", json["columns"]![0]!["kind"]!.GetValue<string>());
        Assert.Equal(4.3, json["columns"]![0]!["min"]!.GetValue<double>());
        Assert.Equal([50, 50, 50], json["class_balance"]!.AsArray().Select(v => v!["count"]!.GetValue<int>()));
        Assert.Equal("likely_identifier", json["warnings"]![0]!["kind"]!.GetValue<string>());
    }
}
