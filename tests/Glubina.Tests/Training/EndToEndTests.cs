using System.Text.Json;
using Glubina.Nn;
using Glubina.Optim;
using Glubina.Tensors;

namespace Glubina.Tests.Training;

/// <summary>llm.c-style check: networks trained 10 steps from PyTorch's initial weights on PyTorch's batches give
/// PyTorch's losses (tests/fixtures/training/e2e.json from tools/reference/make_training_fixtures.py).</summary>
public sealed class EndToEndTests
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var c in Load().RootElement.GetProperty("cases").EnumerateArray())
            data.Add(c.GetProperty("name").GetString()!);
        return data;
    }

    private static JsonDocument Load() => JsonDocument.Parse(File.ReadAllText(OpFixtures.FixturePath(Path.Combine("training", "e2e.json"))));

    private static Tensor Read(JsonElement t, DType dtype)
    {
        int[] shape = t.GetProperty("shape").EnumerateArray().Select(v => v.GetInt32()).ToArray();
        var values = t.GetProperty("data").EnumerateArray();
        return dtype == DType.Int64
            ? Tensor.FromArray(values.Select(v => v.GetInt64()).ToArray(), shape)
            : Tensor.FromArray(values.Select(v => float.Parse(v.GetRawText(), System.Globalization.CultureInfo.InvariantCulture)).ToArray(), shape);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Ten_training_steps_match_pytorch_losses(string name)
    {
        using var doc = Load();
        var c = doc.RootElement.GetProperty("cases").EnumerateArray().Single(e => e.GetProperty("name").GetString() == name);
        Module model = c.GetProperty("model").GetString() switch
        {
            "mlp" => new Sequential(new Linear(20, 32), new ReLU(), new Linear(32, 16), new Tanh(), new Linear(16, 4)),
            _ => new Sequential(new Linear(12, 24), new BatchNorm1d(24), new GELU(), new LayerNorm(24), new Linear(24, 3)),
        };
        var init = c.GetProperty("initial_state").EnumerateObject().ToDictionary(p => p.Name,
            p => Read(p.Value, p.Name.EndsWith("num_batches_tracked", StringComparison.Ordinal) ? DType.Int64 : DType.Float32));
        model.LoadStateDict(init);
        double lr = c.GetProperty("lr").GetDouble();
        var options = c.GetProperty("options");
        Optimizer optimizer = c.GetProperty("optimizer").GetString() switch
        {
            "sgd" => new Sgd(model.Parameters(), lr: lr, momentum: options.GetProperty("momentum").GetDouble()),
            "adam" => new Adam(model.Parameters(), lr: lr),
            _ => new AdamW(model.Parameters(), lr: lr, weightDecay: options.GetProperty("weight_decay").GetDouble()),
        };
        var loss = new CrossEntropyLoss();
        var inputs = c.GetProperty("inputs").EnumerateArray().Select(t => Read(t, DType.Float32)).ToArray();
        var targets = c.GetProperty("targets").EnumerateArray().Select(t => Read(t, DType.Int64)).ToArray();
        double[] expected = c.GetProperty("losses").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        model.Train();
        for (int step = 0; step < expected.Length; step++)
        {
            optimizer.ZeroGrad();
            Tensor l = loss.Forward(model.Call(inputs[step]), targets[step]);
            l.Backward();
            optimizer.Step();
            Assert.True(Math.Abs(l.Item() - expected[step]) <= 1e-4,
                $"{name} step {step}: loss {l.Item():R}, PyTorch {expected[step]:R}");
        }
        foreach (var p in c.GetProperty("final_state").EnumerateObject())
        {
            // The bias of a Linear feeding BatchNorm has an analytically zero gradient (BN subtracts the batch mean):
            // Adam scales its rounding noise to full-size steps, so its value is noise in both frameworks.
            // The running mean of that BatchNorm follows the same bias.
            if (name == "classifier_adamw" && p.Name is "0.bias" or "1.running_mean")
                continue;
            if (p.Name.EndsWith("num_batches_tracked", StringComparison.Ordinal))
            {
                Assert.Equal(p.Value.GetProperty("data")[0].GetInt64(), (long)model.StateDict()[p.Name].Item());
                continue;
            }
            float[] want = Read(p.Value, DType.Float32).ToArray<float>();
            float[] got = model.StateDict()[p.Name].ToArray<float>();
            for (int i = 0; i < want.Length; i++)
                Assert.True(Math.Abs(want[i] - got[i]) <= 1e-4 + 1e-4 * Math.Abs(want[i]), $"{name} final {p.Name}[{i}]: {got[i]} vs {want[i]}");
        }
    }
}
