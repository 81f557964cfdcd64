using System.Text.Json.Nodes;
using Glubina.Data.Preprocessing;

namespace Glubina.Tests.Data.Preprocessing;

/// <summary>Every transformer case of sklearn.json: learned state and outputs match scikit-learn within 1e-9 relative.</summary>
public sealed class SklearnTransformerTests
{
    public static TheoryData<string> TransformerCases()
    {
        var data = new TheoryData<string>();
        foreach (var c in SklearnFixture.Cases.Where(c => (string)c["kind"]! != "column_pipeline"))
            data.Add((string)c["name"]!);
        return data;
    }

    [Fact]
    public void Fixture_has_every_kind_and_each_case_has_a_counterpart()
    {
        var kinds = SklearnFixture.Cases.Select(c => (string)c["kind"]!).Distinct().ToHashSet();
        Assert.Superset(kinds, new HashSet<string>
        {
            "standard_scaler", "minmax_scaler", "robust_scaler", "simple_imputer", "one_hot_encoder", "ordinal_encoder",
            "column_pipeline",
        });
        foreach (var c in SklearnFixture.Cases.Where(c => (string)c["kind"]! != "column_pipeline"))
            Assert.Equal((string)c["kind"]!, SklearnFixture.Create((string)c["name"]!).TypeName);
    }

    [Theory]
    [MemberData(nameof(TransformerCases))]
    public void State_and_outputs_match_sklearn(string name)
    {
        var c = SklearnFixture.Case(name);
        var (train, test) = SklearnFixture.Data(c);
        var t = SklearnFixture.Create(name).Fit(train);

        AssertState(c, t);
        if (c["feature_names"] is JsonNode names)
            Assert.Equal(SklearnFixture.Strings(names), t.OutputColumns);
        else
            Assert.Equal(train.ColumnNames, t.OutputColumns);

        SklearnFixture.AssertTable(c["train_output"]!, t.Transform(train), name + " train");
        if (c["test_output"] is JsonNode testOutput)
        {
            SklearnFixture.AssertTable(testOutput, t.Transform(test), name + " test");
        }
        else
        {
            // sklearn: "Found unknown categories ['purple'] in column 0 during transform"; test row 1 is the first 'purple'.
            var ex = Assert.Throws<ArgumentException>(() => t.Transform(test));
            Assert.Contains("column 'color' row 1", ex.Message);
            Assert.Contains("'purple'", ex.Message);
            Assert.Contains("not seen in training", ex.Message);
            Assert.Contains("'purple'", (string)c["test_error"]!);
        }
    }

    private static void AssertState(JsonObject c, TableTransformer t)
    {
        var s = (JsonObject)c["state"]!;
        string name = (string)c["name"]!;
        switch (t)
        {
            case StandardScaler x:
                SklearnFixture.Near(s["mean_"], x.Mean, name + " mean_");
                // var_ of the constant column is 0 in sklearn; an absolute floor covers rounding of near-zero variances.
                SklearnFixture.Near(s["var_"], x.Var, name + " var_", abs: 1e-20);
                SklearnFixture.Near(s["scale_"], x.Scale, name + " scale_");
                Assert.Equal(SklearnFixture.Doubles(s["n_samples_seen_"]!), x.SamplesSeen.Select(v => (double)v));
                break;
            case MinMaxScaler x:
                SklearnFixture.Near(s["data_min_"], x.DataMin, name + " data_min_");
                SklearnFixture.Near(s["data_max_"], x.DataMax, name + " data_max_");
                SklearnFixture.Near(s["scale_"], x.Scale, name + " scale_");
                SklearnFixture.Near(s["min_"], x.Min, name + " min_");
                break;
            case RobustScaler x:
                SklearnFixture.Near(s["center_"], x.Center, name + " center_");
                SklearnFixture.Near(s["scale_"], x.Scale, name + " scale_");
                break;
            case SimpleImputer x:
                var stats = s["statistics_"]!.AsArray();
                for (int j = 0; j < stats.Count; j++)
                {
                    if (x.InputColumns[j].Kind == Glubina.Data.ColumnKind.Numeric)
                        SklearnFixture.Near(stats[j]!.GetValue<double>(), x.Statistics[j], $"{name} statistics_[{j}]");
                    else
                        Assert.Equal(stats[j]!.GetValue<string>(), x.TextStatistics[j]);
                }
                break;
            case OneHotEncoder x:
                AssertCategories(s["categories_"]!, x.Categories);
                if (s["infrequent_categories_"] is JsonArray infrequent)
                    for (int j = 0; j < infrequent.Count; j++)
                        Assert.Equal(infrequent[j] is null ? [] : SklearnFixture.Texts(infrequent[j]!), x.InfrequentCategories[j]);
                else
                    Assert.All(x.InfrequentCategories, Assert.Empty);
                var drop = s["drop_idx_"] is JsonArray d ? d.Select(v => v is null ? (int?)null : v.GetValue<int>()).ToArray()
                    : new int?[x.Categories.Count];
                Assert.Equal(drop, x.DropIndex);
                break;
            case OrdinalEncoder x:
                AssertCategories(s["categories_"]!, x.Categories);
                break;
            default:
                throw new InvalidOperationException($"No state check for {t.GetType().Name}.");
        }
    }

    private static void AssertCategories(JsonNode expected, IReadOnlyList<IReadOnlyList<string?>> actual)
    {
        var e = expected.AsArray();
        Assert.Equal(e.Count, actual.Count);
        for (int j = 0; j < e.Count; j++)
            Assert.Equal(SklearnFixture.Texts(e[j]!), actual[j]);
    }
}
