using System.Text.Json;
using Glubina.Autograd;
using Glubina.Nn;
using Glubina.Tensors;
using Glubina.Tests.Nn.Recurrent;

namespace Glubina.Tests.Nn.Core;

/// <summary>Embedding against torch.nn.Embedding (exact: a lookup and a scatter-add of float32 rows whose sums
/// PyTorch computes in float64; 1e-6 relative), plus initialisation, padding and error messages.</summary>
public sealed class EmbeddingTests
{
    public static TheoryData<string> Cases() => new(RecurrentFixtures.Embedding.Keys);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_PyTorch(string name)
    {
        JsonElement c = RecurrentFixtures.Embedding[name];
        int? padding = c.GetProperty("padding_idx").ValueKind == JsonValueKind.Null ? null : c.GetProperty("padding_idx").GetInt32();
        var layer = new Embedding(c.GetProperty("num_embeddings").GetInt32(), c.GetProperty("embedding_dim").GetInt32(), padding);
        layer.LoadStateDict(new Dictionary<string, Tensor>
        {
            ["weight"] = OpFixtures.ToTensor(RecurrentFixtures.Read(c, "weight")!, DType.Float32, strided: false),
        });
        Tensor idx = OpFixtures.ToTensor(RecurrentFixtures.Read(c, "indices")!, DType.Float32, strided: false);
        Tensor y = layer.Call(idx);
        NnFixtures.AssertClose(RecurrentFixtures.Read(c, "output")!, y, $"{name} output", 1e-6, 1e-7);
        y.Mul(OpFixtures.ToTensor(RecurrentFixtures.Read(c, "grad_output")!, DType.Float32, strided: false)).Sum().Backward();
        NnFixtures.AssertClose(RecurrentFixtures.Read(c, "grad_weight")!, layer.Weight.Grad!, $"{name} grad weight", 1e-6, 1e-6);
    }

    [Fact]
    public void Initialises_normal_with_a_zero_padding_row()
    {
        var layer = new Embedding(1000, 16, paddingIdx: 3, generator: new Generator(5));
        double[] w = layer.Weight.ToDoubleArray();
        Assert.All(w.Skip(3 * 16).Take(16), v => Assert.Equal(0.0, v));
        double[] rest = w.Take(3 * 16).Concat(w.Skip(4 * 16)).ToArray();
        double mean = rest.Average(), std = Math.Sqrt(rest.Select(v => (v - mean) * (v - mean)).Average());
        Assert.InRange(mean, -0.03, 0.03);
        Assert.InRange(std, 0.97, 1.03);
        Assert.Equal(-1 + 10, new Embedding(10, 2, paddingIdx: -1).PaddingIdx);
    }

    [Fact]
    public void The_padding_row_gets_no_gradient_even_after_loading_nonzero_values()
    {
        var layer = new Embedding(5, 3, paddingIdx: 2);
        using (GradMode.NoGrad())
            layer.Weight.FillInPlace(1);
        Tensor y = layer.Call(Tensor.FromArray(new long[] { 2, 2, 4, 0 }, 2, 2));
        Assert.Equal([2, 2, 3], y.ShapeArray());
        Assert.All(y.ToDoubleArray(), v => Assert.Equal(1.0, v));
        y.Sum().Backward();
        double[] g = layer.Weight.Grad!.ToDoubleArray();
        Assert.Equal([1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1], g);
    }

    [Fact]
    public void Out_of_range_index_names_the_index_and_position()
    {
        var layer = new Embedding(5, 3);
        var e = Assert.Throws<IndexOutOfRangeException>(() => layer.Call(Tensor.FromArray(new long[] { 0, 1, 2, 7 }, 2, 2)));
        Assert.Contains("index 7", e.Message);
        Assert.Contains("[1, 1]", e.Message);
        Assert.Contains("Embedding(5, 3)", e.Message);
        Assert.Throws<IndexOutOfRangeException>(() => layer.Call(Tensor.FromArray(new long[] { -1 }, 1)));
        var f = Assert.Throws<ArgumentException>(() => layer.Call(Tensor.Zeros(2, 2)));
        Assert.Contains("int64", f.Message);
    }

    [Fact]
    public void Scalar_index_gives_one_vector_and_float64_works()
    {
        var layer = new Embedding(4, 3, dtype: DType.Float64);
        Tensor y = layer.Call(Tensor.FromArray(new long[] { 2 }, []));
        Assert.Equal([3], y.ShapeArray());
        Assert.Equal(DType.Float64, y.DType);
        Assert.Equal(layer.Weight.Select(0, 2).ToDoubleArray(), y.ToDoubleArray());
    }
}
