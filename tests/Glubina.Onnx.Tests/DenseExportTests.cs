using Glubina.Nn;
using Glubina.Serialization;
using Glubina.Tensors;
using Microsoft.ML.OnnxRuntime;

namespace Glubina.Onnx.Tests;

public sealed class DenseExportTests
{
    [Fact]
    public void Mlp_with_every_activation_matches_through_a_model_file()
    {
        var model = new Sequential(
            new Flatten(), new Linear(12, 16), new ReLU(), new Linear(16, 16), new LeakyReLU(0.2), new Dropout(0.3),
            new Linear(16, 16), new ELU(0.7), new GELU(), new Linear(16, 16), new GELU("tanh"), new SiLU(), new Identity(),
            new Linear(16, 16), new Sigmoid(), new Linear(16, 16), new Tanh(), new Linear(16, 5, bias: false), new Softmax(-1));
        string dir = Directory.CreateTempSubdirectory("glubina-onnx").FullName;
        string glb = Path.Combine(dir, "mlp.glb"), onnx = Path.Combine(dir, "mlp.onnx");
        new ModelFile(model, ModelSpec.FromModule(model)) { InputShape = [3, 4], Task = "classification" }.Save(glb);
        ModelFile file = ModelFile.Load(glb);
        OnnxExporter.Export(file, onnx);

        using var session = new InferenceSession(onnx);
        Assert.Equal("input", session.InputMetadata.Keys.Single());
        // A classifier file also gets the outputs Predictor.Predict reports (no "label": the file has no class labels).
        Assert.Equal(["output", "probabilities", "class"], session.OutputMetadata.Keys);
        Assert.Equal(-1, session.InputMetadata["input"].Dimensions[0]);
        var generator = new Generator(3);
        foreach (int batch in new[] { 1, 7 })
        {
            Tensor x = Tensor.Normal([batch, 3, 4], 0, 2, generator);
            double diff = OnnxCheck.MaxAbsDiff(OnnxCheck.Glubina(file.Model, x), OnnxCheck.Run(session, x));
            Assert.True(diff <= 1e-5, $"batch {batch}: {diff}");
        }
    }

    [Fact]
    public void LogSoftmax_and_partial_flatten_on_rank_3_inputs_match()
    {
        // Linear on [N, T, C] takes the MatMul path; Flatten(1, 2) keeps a trailing dim.
        var model = new Sequential(new Linear(4, 6), new Tanh(), new Flatten(1, 2), new Linear(6, 3), new LogSoftmax(1));
        OnnxCheck.Matches(model, [2, 3, 4], 1e-5);
    }
}
