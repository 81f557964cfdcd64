using System.Text.Json;
using Glubina.Nn;
using Glubina.Serialization;
using Glubina.Tensors;
using Microsoft.ML.OnnxRuntime;

namespace Glubina.Onnx.Tests;

public sealed class MetadataTests
{
    [Fact]
    public void Class_labels_task_and_shape_are_in_the_metadata()
    {
        var file = new ModelFile(new Sequential(new Linear(4, 3)))
        {
            Task = "classification", Target = "species", ClassLabels = ["setosa", "versicolor", "virginica"], InputShape = [4],
        };
        using var session = new InferenceSession(OnnxExporter.ToBytes(file));
        var props = session.ModelMetadata.CustomMetadataMap;
        Assert.Equal(["setosa", "versicolor", "virginica"], JsonSerializer.Deserialize<string[]>(props["class_labels"])!);
        Assert.Equal("classification", props["task"]);
        Assert.Equal("species", props["target"]);
        Assert.Equal("[4]", props["input_shape"]);
        Assert.Equal("glubina", session.ModelMetadata.ProducerName);
    }

    [Fact]
    public void Names_and_opset_follow_the_options()
    {
        var model = new Sequential(new Linear(4, 2), new GELU());
        var options = new OnnxExportOptions { InputName = "pixels", OutputName = "logits", Opset = 20 };
        using var session = new InferenceSession(OnnxExporter.ToBytes(model, [4], options));
        Assert.Equal("pixels", session.InputMetadata.Keys.Single());
        Assert.Equal("logits", session.OutputMetadata.Keys.Single());
        var x = Tensor.Normal([3, 4], 0, 1, new Generator(1));
        Assert.True(OnnxCheck.MaxAbsDiff(OnnxCheck.Glubina(model, x), OnnxCheck.Run(session, x)) <= 1e-5);
        Assert.Throws<ArgumentOutOfRangeException>(() => OnnxExporter.ToBytes(model, [4], new OnnxExportOptions { Opset = 13 }));
    }

    [Fact]
    public void A_binary_classifier_with_one_logit_reports_two_probabilities()
    {
        var file = new ModelFile(new Sequential(new Linear(3, 1))) { Task = "classification", ClassLabels = ["no", "yes"] };   // no InputShape: taken from the first Linear
        using var session = new InferenceSession(OnnxExporter.ToBytes(file));
        var x = Tensor.Normal([6, 3], 0, 2, new Generator(5));
        var predictions = new Glubina.Inference.Predictor(file).Predict(x);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("input",
            new Microsoft.ML.OnnxRuntime.Tensors.DenseTensor<float>(x.ToFloatArray(), [6, 3]))]);
        float[] p = results.Single(r => r.Name == "probabilities").AsTensor<float>().ToArray();
        string[] labels = results.Single(r => r.Name == "label").AsTensor<string>().ToArray();
        for (int i = 0; i < 6; i++)
        {
            Assert.Equal(predictions.Probabilities[i][0], p[2 * i], 5);
            Assert.Equal(predictions.Probabilities[i][1], p[2 * i + 1], 5);
            Assert.Equal(predictions.Label(i), labels[i]);
        }
    }

    [Theory]
    [InlineData(18)]
    [InlineData(21)]
    public void Later_opsets_run_every_family(int opset)
    {
        var options = new OnnxExportOptions { Opset = opset };
        var cnn = new Sequential(new Conv2d(1, 4, 3, padding: 1), new BatchNorm2d(4), new GroupNorm(2, 4), new ReLU(), new MaxPool2d(2),
            new Upsample(2), new AvgPool2d(2), new AdaptiveAvgPool2d(1), new Flatten(), new Linear(4, 3), new GELU("tanh"));
        var sequence = new Sequential(new Linear(3, 8), new SinusoidalPositionalEncoding(8, batchFirst: true),
            new TransformerEncoderLayer(8, 2, 16, batchFirst: true), new Lstm(8, 4, batchFirst: true, bidirectional: true),
            new RnnLastState(new Gru(8, 3, batchFirst: true)));
        var generator = new Generator(3);
        foreach (var (model, shape) in new (Module, int[])[] { (cnn, [1, 8, 8]), (sequence, [5, 3]) })
        {
            model.Eval();
            using var session = new InferenceSession(OnnxExporter.ToBytes(model, shape, options));
            var x = Tensor.Normal([4, .. shape], 0, 1, generator);
            Assert.True(OnnxCheck.MaxAbsDiff(OnnxCheck.Glubina(model, x), OnnxCheck.Run(session, x)) <= 1e-4);
        }
    }
}
