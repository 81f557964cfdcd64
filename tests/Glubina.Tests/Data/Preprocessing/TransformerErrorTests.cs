using Glubina.Data;
using Glubina.Data.Preprocessing;

namespace Glubina.Tests.Data.Preprocessing;

/// <summary>User mistakes get messages that name the transformer, the column, the row and the values.</summary>
public sealed class TransformerErrorTests
{
    public static TheoryData<string> AllKinds() => new()
    {
        "standard_default", "minmax_default", "robust_default", "impute_num_mean", "onehot_ignore", "ordinal_error",
    };

    private static Table Numbers(params (string Name, double[] Values)[] columns) =>
        new(columns.Select(c => (Column)new NumericColumn(c.Name, c.Values)).ToArray());

    [Theory]
    [MemberData(nameof(AllKinds))]
    public void Transform_before_fit_is_refused(string name)
    {
        var t = SklearnFixture.Create(name);
        var ex = Assert.Throws<InvalidOperationException>(() => t.Transform(SklearnFixture.Table("test")));
        Assert.Contains($"{t.GetType().Name} is not fitted: call Fit(train) before Transform", ex.Message);
        Assert.Throws<InvalidOperationException>(() => t.OutputColumns);
    }

    [Fact]
    public void Pipeline_transform_before_fit_is_refused()
    {
        var p = new Pipeline(("scale", new StandardScaler()));
        Assert.Throws<InvalidOperationException>(() => p.Transform(SklearnFixture.Table("test")));
        Assert.Throws<InvalidOperationException>(() => new StandardScaler().Mean);
    }

    [Fact]
    public void Scaler_refuses_categorical_columns()
    {
        var ex = Assert.Throws<ArgumentException>(() => new StandardScaler().Fit(SklearnFixture.Table("train")));
        Assert.Contains("StandardScaler: column 'color' is categorical; expected numeric", ex.Message);
    }

    [Fact]
    public void Encoder_refuses_numeric_columns()
    {
        var ex = Assert.Throws<ArgumentException>(() => new OneHotEncoder().Fit(SklearnFixture.Table("train")));
        Assert.Contains("OneHotEncoder: column 'a' is numeric; expected categorical", ex.Message);
    }

    [Fact]
    public void Infinity_is_refused_with_column_and_row()
    {
        var ex = Assert.Throws<ArgumentException>(() => new RobustScaler().Fit(Numbers(("x", [1, 2, double.PositiveInfinity]))));
        Assert.Contains("column 'x' row 2 is +Infinity", ex.Message);
    }

    [Fact]
    public void Missing_and_changed_columns_are_named()
    {
        var scaler = new MinMaxScaler().Fit(Numbers(("x", [1, 2]), ("y", [3, 4])));
        var missing = Assert.Throws<ArgumentException>(() => scaler.Transform(Numbers(("x", [1]))));
        Assert.Contains("column 'y' (numeric) was present when fitted but is missing now", missing.Message);
        var changed = Assert.Throws<ArgumentException>(() =>
            scaler.Transform(new Table([new NumericColumn("x", [1]), new CategoricalColumn("y", ["3"])])));
        Assert.Contains("column 'y' was numeric when fitted but is categorical now", changed.Message);
        // Extra columns and another column order are fine: columns are found by name.
        var t = scaler.Transform(Numbers(("z", [9]), ("y", [4]), ("x", [2])));
        Assert.Equal(["x", "y"], t.ColumnNames);
    }

    [Fact]
    public void Imputer_refuses_a_column_with_no_values()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            new SimpleImputer(ImputeStrategy.Median).Fit(Numbers(("x", [1, 2]), ("empty", [double.NaN, double.NaN]))));
        Assert.Contains("column 'empty' has no values in the training data (all 2 rows missing)", ex.Message);
        // Constant needs no values to learn from.
        var t = new SimpleImputer(ImputeStrategy.Constant, fillValue: 7).FitTransform(Numbers(("empty", [double.NaN])));
        Assert.Equal([7.0], ((NumericColumn)t["empty"]).Values);
    }

    [Fact]
    public void Imputer_refuses_mean_of_categories()
    {
        var ex = Assert.Throws<ArgumentException>(() => new SimpleImputer(ImputeStrategy.Mean).Fit(SklearnFixture.Table("train")));
        Assert.Contains("column 'color' is categorical; strategy Mean needs numbers", ex.Message);
    }

    [Fact]
    public void Ordinal_unknown_value_must_not_be_a_category_code()
    {
        var train = new Table([new CategoricalColumn("c", ["a", "b", "c"])]);
        var ex = Assert.Throws<ArgumentException>(() => new OrdinalEncoder(OrdinalUnknown.UseEncodedValue, unknownValue: 1).Fit(train));
        Assert.Contains("unknownValue 1 is also the code of category 'b' of column 'c'", ex.Message);
        var encoded = new OrdinalEncoder(OrdinalUnknown.UseEncodedValue, unknownValue: 3).Fit(train)
            .Transform(new Table([new CategoricalColumn("c", ["c", "zzz", null])]));
        Assert.Equal([2.0, 3.0, 3.0], ((NumericColumn)encoded["c"]).Values);
    }

    [Fact]
    public void One_hot_parameters_are_checked()
    {
        Assert.Throws<ArgumentException>(() => new OneHotEncoder(drop: OneHotDrop.First, minFrequency: 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => new OneHotEncoder(maxCategories: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new OneHotEncoder(minFrequencyFraction: 1.5));
        Assert.Throws<ArgumentException>(() => new MinMaxScaler(1, 1));
        Assert.Throws<ArgumentException>(() => new RobustScaler(quantileMin: 80, quantileMax: 20));
    }

    [Fact]
    public void Categories_sort_by_code_point_like_python()
    {
        // Ordinal UTF-16 order puts U+1F600 (a surrogate pair) before U+FF71; Python (and sklearn) put it after.
        string emoji = "\U0001F600", halfwidth = "\uff71";
        Assert.True(string.CompareOrdinal(emoji, halfwidth) < 0);
        var enc = new OrdinalEncoder();
        enc.Fit(new Table([new CategoricalColumn("c", [emoji, halfwidth, "Zebra", "apple", null])]));
        Assert.Equal(["Zebra", "apple", halfwidth, emoji, null], enc.Categories[0]);
    }

    [Fact]
    public void One_hot_names_missing_as_nan_and_drops_if_binary()
    {
        var train = new Table([new CategoricalColumn("yes", ["y", "n", "y"]), new CategoricalColumn("color", ["red", null, "blue"])]);
        var enc = new OneHotEncoder(drop: OneHotDrop.IfBinary).Fit(train);
        Assert.Equal(["yes_y", "color_blue", "color_red", "color_nan"], enc.OutputColumns);
        var t = enc.Transform(train);
        Assert.Equal([1.0, 0, 1], ((NumericColumn)t["yes_y"]).Values);
        Assert.Equal([0.0, 1, 0], ((NumericColumn)t["color_nan"]).Values);
    }
}
