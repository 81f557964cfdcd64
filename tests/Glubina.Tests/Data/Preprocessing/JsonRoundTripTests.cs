using System.Text.Json.Nodes;
using Glubina.Data;
using Glubina.Data.Preprocessing;

namespace Glubina.Tests.Data.Preprocessing;

/// <summary>Fitted state saved as JSON text and read back transforms bit-identically.</summary>
public sealed class JsonRoundTripTests
{
    public static TheoryData<string> TransformerCases() => SklearnTransformerTests.TransformerCases();

    private static JsonObject ThroughText(JsonObject json) => (JsonObject)JsonNode.Parse(json.ToJsonString())!;

    private static void AssertSameBits(Table expected, Table actual)
    {
        Assert.Equal(expected.ColumnNames, actual.ColumnNames);
        for (int j = 0; j < expected.Columns.Count; j++)
        {
            switch (expected.Columns[j])
            {
                case NumericColumn e:
                    var a = (NumericColumn)actual.Columns[j];
                    Assert.Equal(e.Values.Select(BitConverter.DoubleToInt64Bits), a.Values.Select(BitConverter.DoubleToInt64Bits));
                    break;
                case CategoricalColumn e:
                    Assert.Equal(e.Values, ((CategoricalColumn)actual.Columns[j]).Values);
                    break;
            }
        }
    }

    [Theory]
    [MemberData(nameof(TransformerCases))]
    public void Fitted_transformer_round_trips(string name)
    {
        var (train, test) = SklearnFixture.Data(SklearnFixture.Case(name));
        var original = SklearnFixture.Create(name).Fit(train);
        var json = ThroughText(original.ToJson());
        var loaded = TransformerRegistry.FromJson(json);

        Assert.IsType(original.GetType(), loaded);
        Assert.True(loaded.IsFitted);
        Assert.Equal(original.InputColumns, loaded.InputColumns);
        Assert.Equal(original.OutputColumns, loaded.OutputColumns);
        Assert.Equal(original.ToJson().ToJsonString(), loaded.ToJson().ToJsonString());
        AssertSameBits(original.Transform(train), loaded.Transform(train));
        if (name is not ("onehot_error" or "onehot_drop_if_binary" or "ordinal_error"))
            AssertSameBits(original.Transform(test), loaded.Transform(test));
    }

    [Theory]
    [MemberData(nameof(TransformerCases))]
    public void Unfitted_transformer_round_trips_its_parameters(string name)
    {
        var (train, _) = SklearnFixture.Data(SklearnFixture.Case(name));
        var original = SklearnFixture.Create(name);
        var loaded = TransformerRegistry.FromJson(ThroughText(original.ToJson()));
        Assert.False(loaded.IsFitted);
        Assert.Equal(original.ToJson().ToJsonString(), loaded.ToJson().ToJsonString());
        AssertSameBits(original.FitTransform(train), loaded.FitTransform(train));
    }

    [Fact]
    public void Column_pipeline_round_trips_through_a_file()
    {
        var train = SklearnFixture.Table("train");
        var test = SklearnFixture.Table("test");
        var original = new ColumnPipeline(Remainder.Passthrough, verboseFeatureNames: true, allowNaN: true)
            .Add("num", new Pipeline(("impute", new SimpleImputer(ImputeStrategy.Median)), ("scale", new RobustScaler())), "a", "b", "c")
            .Add("cat", new Pipeline(("impute", new SimpleImputer(ImputeStrategy.Constant)),
                ("onehot", new OneHotEncoder(OneHotUnknown.InfrequentIfExist, minFrequency: 5))), "color", "size")
            .Add("ord", new OrdinalEncoder(OrdinalUnknown.UseEncodedValue, unknownValue: -1), "flag", "city");
        original.Fit(train);
        string path = Path.Combine(Path.GetTempPath(), $"glubina-prep-{Guid.NewGuid():N}.json");
        try
        {
            original.Save(path);
            var loaded = ColumnPipeline.Load(path);
            Assert.True(loaded.IsFitted);
            Assert.Equal(original.FeatureNames, loaded.FeatureNames);
            Assert.Equal(original.RemainderColumns, loaded.RemainderColumns);
            Assert.Equal(original.Transform(test).ToFloatArray(), loaded.Transform(test).ToFloatArray());
            AssertSameBits(original.TransformTable(test), loaded.TransformTable(test));
            Assert.Equal(original.ToJson().ToJsonString(), loaded.ToJson().ToJsonString());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Auto_pipeline_round_trips()
    {
        var original = ColumnPipeline.Auto(SklearnFixture.Table("train"), target: "f");
        var loaded = ColumnPipeline.FromJson(ThroughText(original.ToJson()));
        var test = SklearnFixture.Table("test").Without("f");
        Assert.Equal(original.Transform(test).ToFloatArray(), loaded.Transform(test).ToFloatArray());
    }

    [Fact]
    public void Doubles_round_trip_exactly_including_non_finite()
    {
        double[] values = [0.1 + 0.2, 1.0 / 3, double.Epsilon, double.MaxValue, -0.0, 1e-300, 123456789.123456789,
            double.NaN, double.PositiveInfinity, double.NegativeInfinity];
        var arr = JsonState.Numbers(values);
        var back = new JsonObject { ["v"] = JsonNode.Parse(arr.ToJsonString()) };
        var read = JsonState.Doubles(back, "v", "test");
        Assert.Equal(values.Select(BitConverter.DoubleToInt64Bits), read.Select(BitConverter.DoubleToInt64Bits));
        Assert.Contains("\"NaN\"", arr.ToJsonString());
        Assert.Contains("0.30000000000000004", arr.ToJsonString());
    }

    [Fact]
    public void Bad_json_is_reported_with_the_key()
    {
        var json = new StandardScaler().Fit(SklearnFixture.Table("train", categorical: false)).ToJson();
        json["state"]!["scale"]!.AsArray().RemoveAt(0);
        var ex = Assert.Throws<FormatException>(() => TransformerRegistry.FromJson(json));
        Assert.Contains("'scale' has 5 values; expected 6", ex.Message);

        var unknown = new JsonObject { ["type"] = "quantile_transformer", ["params"] = new JsonObject() };
        var ex2 = Assert.Throws<FormatException>(() => TransformerRegistry.FromJson(unknown));
        Assert.Contains("unknown type 'quantile_transformer'", ex2.Message);
    }
}
