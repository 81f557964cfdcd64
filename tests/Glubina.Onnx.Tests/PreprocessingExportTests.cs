using Glubina.Data;
using Glubina.Data.Csv;
using Glubina.Data.Preprocessing;
using Glubina.Inference;
using Glubina.Nn;
using Glubina.Serialization;
using Glubina.Tensors;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Tensor = Glubina.Tensors.Tensor;

namespace Glubina.Onnx.Tests;

public sealed class PreprocessingExportTests
{
    /// <summary>Iris from the shared CSV plus two derived categorical columns; some cells made missing.</summary>
    private static Table Iris()
    {
        Table raw = CsvLoader.Load(SharedData.PathOf("iris", "iris.plain.csv"));
        var petal = ((NumericColumn)raw["petal_length_cm"]).Values;
        var sepal = (double[])((NumericColumn)raw["sepal_width_cm"]).Values.Clone();
        var size = new string?[petal.Length];
        var shade = new string?[petal.Length];
        for (int r = 0; r < petal.Length; r++)
        {
            size[r] = r % 17 == 3 ? null : petal[r] < 2 ? "small" : petal[r] < 5 ? "medium" : "large";
            shade[r] = r % 3 == 0 ? "dark" : r % 3 == 1 ? "light" : r % 29 == 2 ? "rare" : "pale";
            if (r % 13 == 5)
                sepal[r] = double.NaN;
        }
        var columns = raw.Columns.Select(c => c.Name == "sepal_width_cm" ? new NumericColumn(c.Name, sepal) : c).ToList();
        columns.Add(new CategoricalColumn("size", size));
        columns.Add(new CategoricalColumn("shade", shade));
        return new Table(columns);
    }

    /// <summary>Rows the pipeline did not see: an unknown category, missing values of both kinds.</summary>
    private static Table Unseen() => new([
        new NumericColumn("sepal_length_cm", [5.0, 7.7, double.NaN, 6.1]),
        new NumericColumn("sepal_width_cm", [double.NaN, 2.6, 3.3, 9.5]),
        new NumericColumn("petal_length_cm", [1.4, 6.9, 4.5, 0.2]),
        new NumericColumn("petal_width_cm", [0.2, 2.3, 1.5, 3.0]),
        new CategoricalColumn("size", ["small", "huge", null, "large"]),
        new CategoricalColumn("shade", ["rare", "pale", "dark", null]),
        new NumericColumn("target", [0, 2, 1, 1]),
    ]);

    private static ModelFile File(ColumnPipeline pipeline) => new(new Sequential(new Linear(pipeline.FeatureCount, 8), new ReLU(), new Linear(8, 3)))
    {
        Preprocessing = pipeline, Task = "classification", Target = "target", ClassLabels = ["setosa", "versicolor", "virginica"],
        InputShape = [pipeline.FeatureCount],
    };

    [Fact]
    public void Automatic_pipeline_on_iris_is_exported_into_the_graph()
    {
        Table train = Iris();
        Check(File(ColumnPipeline.Auto(train, "target")), train, Unseen());
    }

    [Fact]
    public void Scalers_and_encoders_with_their_options_match()
    {
        Table train = Iris();
        var pipeline = new ColumnPipeline(Remainder.Passthrough)
            .Add("minmax", new Pipeline(("impute", new SimpleImputer(ImputeStrategy.Mean)), ("scale", new MinMaxScaler(-1, 1, clip: true))),
                "sepal_width_cm", "sepal_length_cm")
            .Add("robust", new RobustScaler(quantileMin: 10, quantileMax: 90), "petal_length_cm")
            .Add("ordinal", new OrdinalEncoder(OrdinalUnknown.UseEncodedValue, -1, encodedMissingValue: -2), "size")
            .Add("onehot", new OneHotEncoder(OneHotUnknown.InfrequentIfExist, minFrequency: 10), "shade")
            .Add("onehot_first", new Pipeline(("impute", new SimpleImputer(ImputeStrategy.Constant, fillText: "none")),
                ("encode", new OneHotEncoder(OneHotUnknown.Ignore, OneHotDrop.First))), "size");
        var table = new Table(train.Columns.Where(c => c.Name != "target").ToArray());
        pipeline.Fit(table);
        Assert.Contains("petal_width_cm", pipeline.FeatureNames);   // the passthrough remainder
        var unseen = Unseen();
        // The robust step cannot take missing values, so the unseen rows keep petal_length present (they do).
        Check(File(pipeline), table, new Table(unseen.Columns.Where(c => c.Name != "target").ToArray()));
    }

    private static void Check(ModelFile file, params Table[] tables)
    {
        using var session = new InferenceSession(OnnxExporter.ToBytes(file));
        var predictor = new Predictor(file);
        foreach (Table table in tables)
        {
            Table rows = table.Contains("target") ? table.Without("target") : table;
            var inputs = new List<NamedOnnxValue>();
            foreach (string name in session.InputMetadata.Keys)
            {
                Column c = rows[name];
                inputs.Add(c is NumericColumn n
                    ? NamedOnnxValue.CreateFromTensor(name, new DenseTensor<float>(n.Values.Select(v => (float)v).ToArray(), [n.Length, 1]))
                    : NamedOnnxValue.CreateFromTensor(name, new DenseTensor<string>(((CategoricalColumn)c).Values.Select(v => v ?? "").ToArray(), [c.Length, 1])));
            }
            Tensor expected = predictor.Forward(predictor.Features(rows));
            double diff = OnnxCheck.MaxAbsDiff(expected, OnnxCheck.Run(session, inputs));
            Assert.True(diff <= 1e-4, $"{rows.RowCount} rows: max |Glubina − ONNX Runtime| = {diff:g3}");
            // The classifier outputs agree with Predictor.Predict: probabilities, class index and label per row.
            Predictions predictions = predictor.Predict(rows);
            using var results = session.Run(inputs);
            float[] probabilities = results.Single(r => r.Name == "probabilities").AsTensor<float>().ToArray();
            long[] classes = results.Single(r => r.Name == "class").AsTensor<long>().ToArray();
            string[] labels = results.Single(r => r.Name == "label").AsTensor<string>().ToArray();
            for (int i = 0; i < rows.RowCount; i++)
            {
                for (int c = 0; c < 3; c++)
                    Assert.True(Math.Abs(predictions.Probabilities[i][c] - probabilities[i * 3 + c]) <= 1e-5, $"row {i} class {c}");
                Assert.Equal(predictions.Classes[i], classes[i]);
                Assert.Equal(predictions.Label(i), labels[i]);
            }
        }
    }
}
