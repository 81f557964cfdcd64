using Glubina.Data.Datasets;
using Glubina.Inference;
using Glubina.Nn;
using Glubina.Serialization;
using Glubina.Tensors;
using Microsoft.ML.OnnxRuntime;
using Tensor = Glubina.Tensors.Tensor;

namespace Glubina.Onnx.Tests;

/// <summary>The architectures of the examples (examples/*), exported through a saved model file and compared on real
/// MNIST test images (and random token ids for the language model).</summary>
public sealed class ExampleModelsTests
{
    private static readonly Lazy<Tensor> s_images = new(() =>
    {
        string folder = Path.GetDirectoryName(SharedData.PathOf("mnist", "t10k-images-idx3-ubyte.gz"))!;
        var (_, test) = Mnist.Load(new MnistOptions { Folder = folder, Download = false });
        return test.Inputs.Narrow(0, 0, 64).Contiguous();
    });

    private static void CheckOnMnist(Module model, int[] inputShape, double tolerance)
    {
        string dir = Directory.CreateTempSubdirectory("glubina-onnx-example").FullName;
        string glb = Path.Combine(dir, "model.glb"), onnx = Path.Combine(dir, "model.onnx");
        new ModelFile(model, ModelSpec.FromModule(model))
        {
            Task = "classification", InputShape = inputShape, ClassLabels = Enumerable.Range(0, 10).Select(d => d.ToString()).ToArray(),
        }.Save(glb);
        var predictor = Predictor.Load(glb);
        OnnxExporter.Export(predictor.File, onnx);
        using var session = new InferenceSession(onnx);
        foreach (int batch in new[] { 1, 64 })
        {
            Tensor x = s_images.Value.Narrow(0, 0, batch).Reshape([batch, .. inputShape]);
            Tensor expected = predictor.Forward(x);
            double diff = OnnxCheck.MaxAbsDiff(expected, OnnxCheck.Run(session, x));
            Assert.True(diff <= tolerance, $"batch {batch}: max |Glubina − ONNX Runtime| = {diff:g3}");
            // The same labels come out of both engines.
            using var results = session.Run([NamedOnnxValue.CreateFromTensor("input",
                new Microsoft.ML.OnnxRuntime.Tensors.DenseTensor<float>(x.ToFloatArray(), x.ShapeArray()))]);
            string[] labels = results.Single(r => r.Name == "label").AsTensor<string>().ToArray();
            var predictions = predictor.Predict(x);
            Assert.Equal(Enumerable.Range(0, batch).Select(predictions.Label), labels);
        }
    }

    [Fact]
    public void Mnist_mlp_example()
    {
        Generator.Default.ManualSeed(1);
        CheckOnMnist(new Sequential(new Linear(784, 256), new ReLU(), new Linear(256, 128), new ReLU(), new Linear(128, 10)), [784], 1e-4);
    }

    [Fact]
    public void Mnist_cnn_examples_lenet_and_batchnorm_cnn()
    {
        Generator.Default.ManualSeed(2);
        CheckOnMnist(new Sequential(
            new Conv2d(1, 6, 5, padding: 2), new ReLU(), new MaxPool2d(2), new Conv2d(6, 16, 5), new ReLU(), new MaxPool2d(2),
            new Flatten(), new Linear(16 * 5 * 5, 120), new ReLU(), new Linear(120, 84), new ReLU(), new Linear(84, 10)), [1, 28, 28], 1e-4);
        var bn = new Sequential(
            new Conv2d(1, 16, 3, padding: 1, bias: false), new BatchNorm2d(16), new ReLU(), new MaxPool2d(2),
            new Conv2d(16, 32, 3, padding: 1, bias: false), new BatchNorm2d(32), new ReLU(), new MaxPool2d(2),
            new Conv2d(32, 64, 3, padding: 1, bias: false), new BatchNorm2d(64), new ReLU(), new MaxPool2d(2),
            new Flatten(), new Linear(64 * 3 * 3, 128, bias: false), new BatchNorm1d(128), new ReLU(), new Dropout(0.25), new Linear(128, 10));
        bn.Train();
        bn.Call(s_images.Value.Reshape(64, 1, 28, 28));   // running statistics from real images
        CheckOnMnist(bn, [1, 28, 28], 1e-4);
    }

    [Fact]
    public void Shakespeare_transformer_example_shape()
    {
        // The Shakespeare example's transformer, smaller (same layer kinds: learned positions, pre-norm GELU, causal).
        var lm = new CausalLanguageModel(vocabSize: 40, dModel: 12, numHeads: 3, numLayers: 2, maxLength: 16, dropout: 0.1);
        var generator = new Generator(9);
        OnnxCheck.Matches(lm, [-1], 1e-4, batches: [1, 3], makeInput: shape => Tensor.RandInt(0, 40, shape, generator), dynamicSize: 16);
    }
}
