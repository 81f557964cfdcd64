using System.Text.Json.Nodes;
using Glubina.Data;
using Glubina.Data.Preprocessing;

namespace Glubina.Tests.Data.Preprocessing;

/// <summary>
/// The real diabetes data (shared/data/diabetes/diabetes.plain.csv, 442 rows × 11 columns): StandardScaler and
/// RobustScaler fitted on the first 353 rows match scikit-learn's statistics and test outputs (diabetes.json).
/// </summary>
public sealed class DiabetesScalerTests
{
    private static readonly JsonObject s_fixture = (JsonObject)JsonNode.Parse(
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", "preprocessing", "diabetes.json")))!;

    private static (Table Train, Table Test) Split()
    {
        var (header, columns) = SharedData.ReadPlainNumericCsv(SharedData.PathOf("diabetes", "diabetes.plain.csv"));
        Assert.Equal(SklearnFixture.Strings(s_fixture["columns"]!), header);
        Assert.Equal((int)s_fixture["rows"]!, columns[0].Length);
        var table = new Table(header.Select((h, j) => (Column)new NumericColumn(h, columns[j])).ToArray());
        int nTrain = (int)s_fixture["train_rows"]!;
        return (table.Rows(Enumerable.Range(0, nTrain).ToArray()),
            table.Rows(Enumerable.Range(nTrain, table.RowCount - nTrain).ToArray()));
    }

    [Fact]
    public void Standard_scaler_matches_sklearn()
    {
        var (train, test) = Split();
        var s = (JsonObject)s_fixture["standard_scaler"]!;
        var scaler = new StandardScaler();
        scaler.Fit(train);
        SklearnFixture.Near(s["mean_"], scaler.Mean, "mean_");
        SklearnFixture.Near(s["var_"], scaler.Var, "var_");
        SklearnFixture.Near(s["scale_"], scaler.Scale, "scale_");
        SklearnFixture.AssertTable(s["test_output"]!, scaler.Transform(test), "diabetes standard test");
    }

    [Fact]
    public void Robust_scaler_matches_sklearn()
    {
        var (train, test) = Split();
        var s = (JsonObject)s_fixture["robust_scaler"]!;
        var scaler = new RobustScaler();
        scaler.Fit(train);
        SklearnFixture.Near(s["center_"], scaler.Center, "center_");
        SklearnFixture.Near(s["scale_"], scaler.Scale, "scale_");
        SklearnFixture.AssertTable(s["test_output"]!, scaler.Transform(test), "diabetes robust test");
    }
}
