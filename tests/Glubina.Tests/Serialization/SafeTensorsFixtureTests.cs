using System.Text.Json;
using Glubina.Autograd;
using Glubina.Nn;
using Glubina.Serialization;
using Glubina.Tensors;
using static Glubina.Tests.Serialization.SafeTensorsTestFiles;

namespace Glubina.Tests.Serialization;

/// <summary>Files written from PyTorch state dicts (tools/reference/make_safetensors_fixtures.py) load into Glubina
/// models and give PyTorch's outputs; Glubina writes the same tensors back byte for byte.</summary>
public sealed class SafeTensorsFixtureTests
{
    private static readonly Dictionary<string, string> s_formatPt = new() { ["format"] = "pt" };

    private static Sequential Mlp() =>
        new(new Linear(784, 256), new ReLU(), new Linear(256, 128), new ReLU(), new Linear(128, 10));

    private static Sequential BatchNormModel() =>
        new(new Linear(8, 6), new BatchNorm1d(6), new ReLU(), new Linear(6, 3));

    private static void AssertLogits(ModelFixture fixture, Tensor logits)
    {
        Assert.Equal(fixture.LogitsShape, logits.ShapeArray());
        float[] actual = logits.ToArray<float>();
        for (int i = 0; i < actual.Length; i++)
            Assert.True(Math.Abs(actual[i] - fixture.Logits[i]) <= 1e-5,
                $"logit {i}: Glubina {actual[i]:R}, PyTorch {fixture.Logits[i]:R}");
    }

    [Fact]
    public void Pytorch_mlp_loads_into_glubina_and_gives_torch_logits()
    {
        var fixture = ReadModel("mlp.json");
        var file = SafeTensors.Load(Fixture("mlp.safetensors"));
        var model = Mlp();
        // Glubina names parameters as PyTorch does, in the same order.
        Assert.Equal(fixture.Keys, model.StateDict().Keys);
        Assert.Equal(fixture.Keys.Order(StringComparer.Ordinal), file.Names);
        Assert.Equal(s_formatPt, file.Metadata);
        Assert.Equal([256, 784], file["0.weight"].ShapeArray());

        model.LoadStateDict(file.Tensors);
        model.Eval();
        AssertLogits(fixture, model.Call(fixture.Input));
    }

    [Fact]
    public void Glubina_writes_the_mlp_state_dict_byte_for_byte_as_the_reference_writer()
    {
        var model = Mlp();
        model.LoadStateDict(SafeTensors.Load(Fixture("mlp.safetensors")).Tensors);
        byte[] written = SafeTensors.Serialize(model.StateDict(), s_formatPt);
        Assert.Equal(File.ReadAllBytes(Fixture("mlp.safetensors")), written);
        ExportForPythonCheck("glubina_mlp", model, ReadModel("mlp.json"));
    }

    [Fact]
    public void Pytorch_batchnorm_model_loads_with_running_stats_and_int64_counter()
    {
        var fixture = ReadModel("batchnorm.json");
        var file = SafeTensors.Load(Fixture("batchnorm.safetensors"));
        var model = BatchNormModel();
        // Same names; PyTorch lists each module's parameters then its buffers, Glubina all parameters first.
        Assert.Equal(fixture.Keys.Order(StringComparer.Ordinal), model.StateDict().Keys.Order(StringComparer.Ordinal));
        Assert.Equal("1.num_batches_tracked", file.Names[0]); // I64 sorts first
        Assert.Equal("I64", file.StoredDType("1.num_batches_tracked"));
        Assert.Equal(DType.Int64, file["1.num_batches_tracked"].DType);
        Assert.Equal(0, file["1.num_batches_tracked"].Rank);

        model.LoadStateDict(file.Tensors);
        var state = model.StateDict();
        Assert.Equal(3.0, state["1.num_batches_tracked"].Item());
        Assert.Equal(file["1.running_var"].ToArray<float>(), state["1.running_var"].ToArray<float>());
        Assert.NotEqual(1f, state["1.running_var"].ToArray<float>()[0]);
        model.Eval();
        AssertLogits(fixture, model.Call(fixture.Input));

        Assert.Equal(File.ReadAllBytes(Fixture("batchnorm.safetensors")), SafeTensors.Serialize(state, s_formatPt));
    }

    [Fact]
    public void Every_glubina_dtype_reads_with_torch_values_and_rewrites_identically()
    {
        var expected = ReadValues("dtypes.json");
        var file = SafeTensors.Load(Fixture("dtypes.safetensors"));
        Assert.Equal(expected.Tensors.Select(t => t.Name), file.Names);
        Assert.Equal(expected.Metadata!.ToList(), file.Metadata!.ToList());
        foreach (var entry in expected.Tensors)
        {
            Tensor t = file[entry.Name];
            Assert.Equal(entry.DType, file.StoredDType(entry.Name));
            Assert.Equal(entry.Shape, t.ShapeArray());
            if (t.Numel == 0)
            {
                Assert.Empty(entry.Data); // (ToArray of a [2, 0] tensor trips over ShapeMath.IsContiguous)
                continue;
            }
            switch (entry.DType)
            {
                case "F32": Assert.Equal(entry.Data.Select(ParseF32), t.ToArray<float>()); break;
                case "F64": Assert.Equal(entry.Data.Select(d => d.GetDouble()), t.ToArray<double>()); break;
                case "I64": Assert.Equal(entry.Data.Select(d => d.GetInt64()), t.ToArray<long>()); break;
                case "BOOL": Assert.Equal(entry.Data.Select(d => d.GetBoolean()), t.ToArray<bool>()); break;
                default: Assert.Fail($"unexpected dtype {entry.DType}"); break;
            }
        }
        Assert.Contains("层.偏置😀", file.Names);
        Assert.Contains("esc\"ape\\\n\t\u0001", file.Names);
        Assert.Equal(File.ReadAllBytes(Fixture("dtypes.safetensors")), SafeTensors.Serialize(file.Tensors, file.Metadata));
    }

    [Fact]
    public void Half_bfloat_and_narrow_integers_from_torch_are_widened_exactly()
    {
        var expected = ReadValues("narrow.json");
        var file = SafeTensors.Load(Fixture("narrow.safetensors"));
        Assert.Null(file.Metadata);
        Assert.Equal(expected.Tensors.Select(t => t.Name), file.Names);
        foreach (var entry in expected.Tensors)
        {
            Tensor t = file[entry.Name];
            Assert.Equal(entry.DType, file.StoredDType(entry.Name));
            Assert.Equal(entry.Shape, t.ShapeArray());
            if (entry.DType is "F16" or "BF16")
            {
                Assert.Equal(DType.Float32, t.DType);
                float[] values = t.ToArray<float>();
                float[] want = entry.Data.Select(ParseF32).ToArray();
                for (int i = 0; i < want.Length; i++) // bitwise, so -0.0 and subnormals count
                    Assert.Equal(BitConverter.SingleToInt32Bits(want[i]), BitConverter.SingleToInt32Bits(values[i]));
            }
            else
            {
                Assert.Equal(DType.Int64, t.DType);
                Assert.Equal(entry.Data.Select(d => d.GetInt64()), t.ToArray<long>());
            }
        }
    }

    [Fact]
    public void A_file_for_another_architecture_fails_in_LoadStateDict_with_the_mismatch_named()
    {
        var file = SafeTensors.Load(Fixture("mlp.safetensors"));

        var wider = new Sequential(new Linear(784, 512), new ReLU(), new Linear(512, 128), new ReLU(), new Linear(128, 10));
        float[] before = wider.StateDict()["0.weight"].ToArray<float>();
        var shapeError = Assert.Throws<ArgumentException>(() => wider.LoadStateDict(file.Tensors));
        Assert.Contains("'0.weight' has shape [256, 784] in the state, [512, 784] in the model", shapeError.Message);
        Assert.Equal(before, wider.StateDict()["0.weight"].ToArray<float>()); // nothing was copied

        var deeper = new Sequential(new Linear(784, 256), new ReLU(), new Linear(256, 128), new ReLU(),
            new Linear(128, 64), new ReLU(), new Linear(64, 10));
        var keyError = Assert.Throws<ArgumentException>(() => deeper.LoadStateDict(file.Tensors));
        Assert.Contains("missing keys [6.weight, 6.bias], unexpected keys []", keyError.Message);

        var batchNorm = BatchNormModel();
        var unexpected = Assert.Throws<ArgumentException>(() => batchNorm.LoadStateDict(file.Tensors));
        Assert.Contains("unexpected keys [", unexpected.Message);
        Assert.Contains("4.weight", unexpected.Message);
    }

    /// <summary>With GLUBINA_SAFETENSORS_EXPORT set to a folder, writes a Glubina-saved model and its input/logits
    /// there, for tools/reference/check_safetensors_file.py to load into torch (not needed by CI).</summary>
    private static void ExportForPythonCheck(string name, Module model, ModelFixture fixture)
    {
        string? folder = Environment.GetEnvironmentVariable("GLUBINA_SAFETENSORS_EXPORT");
        if (string.IsNullOrEmpty(folder))
            return;
        Directory.CreateDirectory(folder);
        // Perturb the weights first, so torch has to read Glubina's bytes rather than agree with its own fixture.
        using (GradMode.NoGrad())
            model.StateDict()["4.bias"].AddInPlace(Tensor.Full([10], 0.5));
        AtomicFile.WriteAllBytes(System.IO.Path.Combine(folder, name + ".safetensors"), SafeTensors.Serialize(model.StateDict()));
        model.Eval();
        float[] logits = model.Call(fixture.Input).ToArray<float>();
        var json = new
        {
            input = new { shape = fixture.Input.ShapeArray(), data = fixture.Input.ToArray<float>() },
            logits = new { shape = fixture.LogitsShape, data = logits },
        };
        File.WriteAllText(System.IO.Path.Combine(folder, name + ".json"), JsonSerializer.Serialize(json));
    }
}
