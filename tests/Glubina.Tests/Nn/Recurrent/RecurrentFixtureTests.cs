using System.Text.Json;
using Glubina.Nn;
using Glubina.Tensors;

namespace Glubina.Tests.Nn.Recurrent;

/// <summary>
/// RNN, LSTM and GRU against torch.nn (1.13) on every combination of cell × {1, 2 layers} × {uni, bidirectional}
/// × {time-major, batch-first} × {equal lengths, variable lengths via pack_padded_sequence}, plus relu and
/// bias-free cases: outputs, final states, and the gradients of input, initial states and every parameter.
/// Float32: forward within 1e-5 relative + 2e-6 absolute, gradients within 1e-5 relative + 2e-5 absolute (a
/// parameter gradient sums ~40 products of order 1 through six steps and two layers, and where they cancel the
/// float32 rounding of the terms, ~5e-6, remains). Float64: everything within 1e-6 relative + 1e-7 absolute (the
/// fixtures are float64 results rounded to float32, 6e-8 relative). A wrong gate, index, direction or mask is
/// off by orders of magnitude more.
/// </summary>
public sealed class RecurrentFixtureTests
{
    public static TheoryData<string, bool> Cases()
    {
        var data = new TheoryData<string, bool>();
        foreach (string name in RecurrentFixtures.Recurrent.Keys)
        {
            data.Add(name, false);
            data.Add(name, true);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_PyTorch(string name, bool float64)
    {
        JsonElement c = RecurrentFixtures.Recurrent[name];
        DType dtype = float64 ? DType.Float64 : DType.Float32;
        double rtol = float64 ? 1e-6 : 1e-5, atol = float64 ? 1e-7 : 2e-6, gradAtol = float64 ? 1e-7 : 2e-5;
        RecurrentBase layer = RecurrentFixtures.Build(c, dtype);
        var state = RecurrentFixtures.ReadMap(c, "state").ToList();
        Assert.Equal(state.Select(kv => kv.Key), layer.StateDict().Keys);   // names and order are PyTorch's
        layer.LoadStateDict(state.ToDictionary(kv => kv.Key, kv => OpFixtures.ToTensor(kv.Value, dtype, strided: false)));

        Tensor Leaf(string key)
        {
            Tensor t = OpFixtures.ToTensor(RecurrentFixtures.Read(c, key)!, dtype, strided: false);
            t.RequiresGrad = true;
            return t;
        }
        Tensor x = Leaf("input"), h0 = Leaf("h0");
        bool lstm = layer is Lstm;
        Tensor? c0 = lstm ? Leaf("c0") : null;
        int[]? lengths = RecurrentFixtures.Read(c, "lengths") is { } l ? l.Data.Select(v => (int)v).ToArray() : null;

        RnnOutput result = layer switch
        {
            Lstm m => m.Forward(x, h0, c0, lengths),
            Gru m => m.Forward(x, h0, lengths),
            Rnn m => m.Forward(x, h0, lengths),
            _ => throw new InvalidOperationException(),
        };
        NnFixtures.AssertClose(RecurrentFixtures.Read(c, "output")!, result.Output, $"{name} output", rtol, atol);
        NnFixtures.AssertClose(RecurrentFixtures.Read(c, "h_n")!, result.HN, $"{name} h_n", rtol, atol);
        if (lstm)
            NnFixtures.AssertClose(RecurrentFixtures.Read(c, "c_n")!, result.CN!, $"{name} c_n", rtol, atol);

        Tensor Upstream(string key) => OpFixtures.ToTensor(RecurrentFixtures.Read(c, key)!, dtype, strided: false);
        Tensor loss = result.Output.Mul(Upstream("grad_output")).Sum().Add(result.HN.Mul(Upstream("grad_h_n")).Sum());
        if (lstm)
            loss = loss.Add(result.CN!.Mul(Upstream("grad_c_n")).Sum());
        loss.Backward();

        NnFixtures.AssertClose(RecurrentFixtures.Read(c, "grad_input")!, x.Grad!, $"{name} grad input", rtol, gradAtol);
        NnFixtures.AssertClose(RecurrentFixtures.Read(c, "grad_h0")!, h0.Grad!, $"{name} grad h0", rtol, gradAtol);
        if (lstm)
            NnFixtures.AssertClose(RecurrentFixtures.Read(c, "grad_c0")!, c0!.Grad!, $"{name} grad c0", rtol, gradAtol);
        var grads = RecurrentFixtures.ReadMap(c, "grads").ToDictionary();
        foreach (var (pname, p) in layer.NamedParameters())
            NnFixtures.AssertClose(grads[pname], p.Grad!, $"{name} grad {pname}", rtol, gradAtol);
    }

    [Fact]
    public void Every_combination_is_covered()
    {
        var names = RecurrentFixtures.Recurrent.Keys.ToHashSet();
        foreach (string cell in new[] { "RNN", "LSTM", "GRU" })
            foreach (int layers in new[] { 1, 2 })
                foreach (string dir in new[] { "uni", "bi" })
                    foreach (string layout in new[] { "tf", "bf" })
                        foreach (string len in new[] { "eq", "var" })
                            Assert.Contains($"{cell}_l{layers}_{dir}_{layout}_{len}", names);
    }
}
