using System.Text.Json.Nodes;
using Glubina.Data;
using Glubina.Data.Preprocessing;
using Glubina.Tensors;

namespace Glubina.Tests.Data.Preprocessing;

/// <summary>ColumnPipeline against sklearn's ColumnTransformer (sklearn.json "column_pipeline" cases), and its errors.</summary>
public sealed class ColumnPipelineTests
{
    private static Table Train(JsonObject c) => SklearnFixture.Select(SklearnFixture.Table("train"), SklearnFixture.Strings(c["columns"]!));

    private static Table Test(JsonObject c) => SklearnFixture.Select(SklearnFixture.Table("test"), SklearnFixture.Strings(c["columns"]!));

    private static Pipeline NumericSteps() => new(("impute", new SimpleImputer(ImputeStrategy.Median)), ("scale", new StandardScaler()));

    private static Pipeline CategoricalSteps() =>
        new(("impute", new SimpleImputer(ImputeStrategy.MostFrequent)), ("onehot", new OneHotEncoder(OneHotUnknown.Ignore)));

    /// <summary>The tensor equals sklearn's float64 output rounded to float32 (within one float32 rounding step).</summary>
    private static void AssertTensor(JsonNode expected, Tensor actual, string what)
    {
        var rows = SklearnFixture.Rows(expected);
        Assert.Equal(DType.Float32, actual.DType);
        Assert.Equal([rows.Length, rows[0].Count], actual.ShapeArray());
        float[] data = actual.ToFloatArray();
        int f = rows[0].Count;
        for (int r = 0; r < rows.Length; r++)
            for (int j = 0; j < f; j++)
                SklearnFixture.Near(rows[r][j] is JsonNode v ? (float)v.GetValue<double>() : double.NaN, data[r * f + j], $"{what} [{r},{j}]", rel: 1.2e-7, abs: 1e-9);
    }

    private static void AssertState(JsonObject c, ColumnPipeline p)
    {
        var s = (JsonObject)c["state"]!;
        var num = (Pipeline)p["num"].Transformer;
        var cat = (Pipeline)p["cat"].Transformer;
        SklearnFixture.Near(s["num_impute"]!["statistics_"], ((SimpleImputer)num["impute"]).Statistics, "num impute");
        var scaler = (StandardScaler)num["scale"];
        SklearnFixture.Near(s["num_scale"]!["mean_"], scaler.Mean, "num mean_");
        SklearnFixture.Near(s["num_scale"]!["var_"], scaler.Var, "num var_", abs: 1e-20);
        SklearnFixture.Near(s["num_scale"]!["scale_"], scaler.Scale, "num scale_");
        Assert.Equal(SklearnFixture.Texts(s["cat_impute"]!["statistics_"]!), ((SimpleImputer)cat["impute"]).TextStatistics);
        var categories = s["cat_onehot"]!["categories_"]!.AsArray();
        var onehot = (OneHotEncoder)cat["onehot"];
        for (int j = 0; j < categories.Count; j++)
            Assert.Equal(SklearnFixture.Texts(categories[j]!), onehot.Categories[j]);
    }

    [Fact]
    public void Auto_matches_sklearn_column_transformer()
    {
        var c = SklearnFixture.Case("auto_like");
        // The fixture leaves out column f: here it is the target, which Auto leaves out.
        var p = ColumnPipeline.Auto(Train(c), target: "f");
        Assert.Equal(SklearnFixture.Strings(c["numeric_columns"]!), p[ColumnPipeline.NumericStep].Columns);
        Assert.Equal(SklearnFixture.Strings(c["categorical_columns"]!), p[ColumnPipeline.CategoricalStep].Columns);
        Assert.Equal(SklearnFixture.Strings(c["feature_names"]!), p.FeatureNames);
        AssertState(c, p);
        AssertTensor(c["train_output"]!, p.Transform(Train(c)), "auto train");
        // Inference data has no target column and has categories never seen in training ('purple', 'XXL').
        AssertTensor(c["test_output"]!, p.Transform(Test(c).Without("f")), "auto test");
    }

    [Fact]
    public void Passthrough_with_verbose_names_matches_sklearn()
    {
        var c = SklearnFixture.Case("passthrough_verbose");
        // Column e passes through with its NaNs, as in sklearn.
        var p = new ColumnPipeline(Remainder.Passthrough, verboseFeatureNames: true, allowNaN: true)
            .Add("num", NumericSteps(), "a", "d")
            .Add("cat", CategoricalSteps(), "color", "city")
            .Fit(Train(c));
        Assert.Equal(SklearnFixture.Strings(c["feature_names"]!), p.FeatureNames);
        Assert.Equal(["b", "c", "e", "f"], p.RemainderColumns.Select(x => x.Name));
        AssertState(c, p);
        AssertTensor(c["train_output"]!, p.Transform(Train(c)), "passthrough train");
        AssertTensor(c["test_output"]!, p.Transform(Test(c)), "passthrough test");
        SklearnFixture.AssertTable(c["test_output"]!, p.TransformTable(Test(c)), "passthrough test (double)", rel: 1e-9, abs: 1e-9);
    }

    [Fact]
    public void Transform_before_fit_is_refused()
    {
        var p = new ColumnPipeline().Add("num", new StandardScaler(), "a");
        var ex = Assert.Throws<InvalidOperationException>(() => p.Transform(SklearnFixture.Table("test")));
        Assert.Contains("not fitted", ex.Message);
        Assert.Throws<InvalidOperationException>(() => p.FeatureNames);
    }

    [Fact]
    public void Missing_column_at_transform_is_named()
    {
        var p = ColumnPipeline.Auto(SklearnFixture.Table("train"));
        var ex = Assert.Throws<ArgumentException>(() => p.Transform(SklearnFixture.Table("test").Without("d")));
        Assert.Contains("column 'd' (step 'num') is missing", ex.Message);
    }

    [Fact]
    public void Numeric_column_that_became_categorical_is_named()
    {
        var p = ColumnPipeline.Auto(SklearnFixture.Table("train"));
        var test = SklearnFixture.Table("test");
        var columns = test.Columns.Select(col => col.Name == "b"
            ? new CategoricalColumn("b", ((NumericColumn)col).Values.Select(v => v.ToString("R")).ToArray())
            : col).ToArray();
        var ex = Assert.Throws<ArgumentException>(() => p.Transform(new Table(columns)));
        Assert.Contains("column 'b' (step 'num') was numeric when fitted but is categorical now", ex.Message);
    }

    [Fact]
    public void NaN_left_in_the_features_is_named_with_its_row()
    {
        var train = SklearnFixture.Table("train", categorical: false);
        var values = ((NumericColumn)train["d"]).Values;
        int firstNaN = Array.FindIndex(values, double.IsNaN);
        Assert.True(firstNaN >= 0);
        var p = new ColumnPipeline().Add("scale", new StandardScaler(), "a", "d").Fit(train);
        var ex = Assert.Throws<InvalidOperationException>(() => p.Transform(train));
        Assert.Contains($"feature 'd' from step 'scale'", ex.Message);
        Assert.Contains($"NaN at row {firstNaN}", ex.Message);

        var lenient = new ColumnPipeline(allowNaN: true).Add("scale", new StandardScaler(), "a", "d").Fit(train);
        Assert.True(double.IsNaN(lenient.Transform(train)[firstNaN, 1]));
    }

    [Fact]
    public void Categorical_remainder_cannot_pass_through()
    {
        var p = new ColumnPipeline(Remainder.Passthrough).Add("num", NumericSteps(), "a");
        var ex = Assert.Throws<ArgumentException>(() => p.Fit(SklearnFixture.Table("train")));
        Assert.Contains("column 'color' is categorical", ex.Message);
    }

    [Fact]
    public void Step_that_outputs_categories_is_refused()
    {
        var p = new ColumnPipeline().Add("cat", new SimpleImputer(ImputeStrategy.MostFrequent), "color");
        var ex = Assert.Throws<ArgumentException>(() => p.Fit(SklearnFixture.Table("train")));
        Assert.Contains("step 'cat' outputs categorical column 'color'", ex.Message);
    }

    [Fact]
    public void Duplicate_feature_names_ask_for_verbose_names()
    {
        var train = SklearnFixture.Table("train");
        var p = new ColumnPipeline().Add("s1", new StandardScaler(), "a").Add("s2", new MinMaxScaler(), "a");
        var ex = Assert.Throws<ArgumentException>(() => p.Fit(train));
        Assert.Contains("feature name 'a' is produced more than once", ex.Message);
        var verbose = new ColumnPipeline(verboseFeatureNames: true).Add("s1", new StandardScaler(), "a").Add("s2", new MinMaxScaler(), "a");
        Assert.Equal(["s1__a", "s2__a"], verbose.Fit(train).FeatureNames);
    }

    [Fact]
    public void Step_errors_name_the_step_path()
    {
        var train = SklearnFixture.Table("train");
        var p = new ColumnPipeline().Add("num", NumericSteps(), "a", "color");
        var ex = Assert.Throws<ArgumentException>(() => p.Fit(train));
        Assert.Contains("SimpleImputer 'num/impute': column 'color' is categorical", ex.Message);
    }

    [Fact]
    public void Auto_refuses_an_unknown_target()
    {
        var ex = Assert.Throws<ArgumentException>(() => ColumnPipeline.Auto(SklearnFixture.Table("train"), target: "price"));
        Assert.Contains("target column 'price' is not in the table", ex.Message);
    }

    [Fact]
    public void Auto_learns_from_the_training_split_only()
    {
        var train = SklearnFixture.Table("train");
        var p = ColumnPipeline.Auto(train);
        var scaler = (StandardScaler)((Pipeline)p["num"].Transformer)["scale"];
        var before = scaler.Mean.ToArray();
        var test = SklearnFixture.Table("test");
        var xTest = p.Transform(test);
        Assert.Equal(before, scaler.Mean);
        Assert.Equal([test.RowCount, p.FeatureCount], xTest.ShapeArray());
        // The training features are standardized: column means ~0 for the scaled numeric features.
        var xTrain = p.Transform(train).ToDoubleArray();
        for (int j = 0; j < 6; j++)
            Assert.True(Math.Abs(Enumerable.Range(0, train.RowCount).Average(r => xTrain[r * p.FeatureCount + j])) < 1e-5);
    }
}
