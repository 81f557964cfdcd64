using System.Text.Json;
using Glubina.Tensors;

namespace Glubina.Tests;

/// <summary>One entry per op key of ops.json: how to call Glubina's version of that op.</summary>
public static class OpCatalog
{
    public delegate Tensor[] Op(Tensor[] x, JsonElement a);

    private static int I(JsonElement a, string name) => a.GetProperty(name).GetInt32();

    private static double D(JsonElement a, string name) => a.GetProperty(name).GetDouble();

    private static bool B(JsonElement a, string name) => a.GetProperty(name).GetBoolean();

    private static double? ND(JsonElement a, string name) =>
        a.GetProperty(name).ValueKind == JsonValueKind.Null ? null : a.GetProperty(name).GetDouble();

    private static int? NI(JsonElement a, string name) =>
        a.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v.GetInt32() : null;

    private static int[] Ints(JsonElement a, string name) => a.GetProperty(name).EnumerateArray().Select(v => v.GetInt32()).ToArray();

    private static int[]? Dims(JsonElement a) =>
        a.GetProperty("dims").ValueKind == JsonValueKind.Null ? null : Ints(a, "dims");

    private static bool Keep(JsonElement a) => a.TryGetProperty("keepdim", out var k) && k.GetBoolean();

    public static readonly IReadOnlyDictionary<string, Op> Ops = new Dictionary<string, Op>
    {
        ["add"] = (x, a) => [x[0].Add(x[1])],
        ["sub"] = (x, a) => [x[0].Sub(x[1])],
        ["mul"] = (x, a) => [x[0].Mul(x[1])],
        ["div"] = (x, a) => [x[0].Div(x[1])],
        ["pow"] = (x, a) => [x[0].Pow(x[1])],
        ["minimum"] = (x, a) => [x[0].Minimum(x[1])],
        ["maximum"] = (x, a) => [x[0].Maximum(x[1])],
        ["eq"] = (x, a) => [x[0].Eq(x[1])],
        ["ne"] = (x, a) => [x[0].Ne(x[1])],
        ["lt"] = (x, a) => [x[0].Lt(x[1])],
        ["le"] = (x, a) => [x[0].Le(x[1])],
        ["gt"] = (x, a) => [x[0].Gt(x[1])],
        ["ge"] = (x, a) => [x[0].Ge(x[1])],
        ["neg"] = (x, a) => [x[0].Neg()],
        ["exp"] = (x, a) => [x[0].Exp()],
        ["log"] = (x, a) => [x[0].Log()],
        ["log1p"] = (x, a) => [x[0].Log1p()],
        ["sqrt"] = (x, a) => [x[0].Sqrt()],
        ["rsqrt"] = (x, a) => [x[0].Rsqrt()],
        ["abs"] = (x, a) => [x[0].Abs()],
        ["sign"] = (x, a) => [x[0].Sign()],
        ["relu"] = (x, a) => [x[0].Relu()],
        ["sigmoid"] = (x, a) => [x[0].Sigmoid()],
        ["tanh"] = (x, a) => [x[0].Tanh()],
        ["silu"] = (x, a) => [x[0].Silu()],
        ["softplus"] = (x, a) => [x[0].Softplus(D(a, "beta"), D(a, "threshold"))],
        ["gelu"] = (x, a) => [x[0].Gelu(a.GetProperty("approximate").GetString()!)],
        ["elu"] = (x, a) => [x[0].Elu(D(a, "alpha"))],
        ["leaky_relu"] = (x, a) => [x[0].LeakyRelu(D(a, "negative_slope"))],
        ["clamp"] = (x, a) => [x[0].Clamp(ND(a, "min"), ND(a, "max"))],
        ["pow_scalar"] = (x, a) => [x[0].Pow(D(a, "exponent"))],
        ["softmax"] = (x, a) => [x[0].Softmax(I(a, "dim"))],
        ["log_softmax"] = (x, a) => [x[0].LogSoftmax(I(a, "dim"))],
        ["sum"] = (x, a) => [x[0].Sum(Dims(a), Keep(a))],
        ["mean"] = (x, a) => [x[0].Mean(Dims(a), Keep(a))],
        ["var"] = (x, a) => [x[0].Var(Dims(a), B(a, "unbiased"), Keep(a))],
        ["std"] = (x, a) => [x[0].Std(Dims(a), B(a, "unbiased"), Keep(a))],
        ["logsumexp"] = (x, a) => [x[0].LogSumExp(Dims(a), Keep(a))],
        ["norm"] = (x, a) => [x[0].Norm(Dims(a), Keep(a))],
        ["max_dim"] = (x, a) => { var (v, i) = x[0].Max(I(a, "dim"), Keep(a)); return [v, i]; },
        ["min_dim"] = (x, a) => { var (v, i) = x[0].Min(I(a, "dim"), Keep(a)); return [v, i]; },
        ["max_all"] = (x, a) => [x[0].Max()],
        ["min_all"] = (x, a) => [x[0].Min()],
        ["argmax"] = (x, a) => [x[0].ArgMax(I(a, "dim"), Keep(a))],
        ["argmin"] = (x, a) => [x[0].ArgMin(I(a, "dim"), Keep(a))],
        ["where"] = (x, a) => [Tensor.Where(x[0], x[1], x[2])],
        ["masked_fill"] = (x, a) => [x[0].MaskedFill(x[1], D(a, "value"))],
        ["gather"] = (x, a) => [x[0].Gather(I(a, "dim"), x[1])],
        ["scatter_add"] = (x, a) => [x[0].ScatterAdd(I(a, "dim"), x[1], x[2])],
        ["index_select"] = (x, a) => [x[0].IndexSelect(I(a, "dim"), x[1])],
        ["one_hot"] = (x, a) => [x[0].OneHot(I(a, "num_classes"))],
        ["tril"] = (x, a) => [x[0].Tril(I(a, "diagonal"))],
        ["triu"] = (x, a) => [x[0].Triu(I(a, "diagonal"))],
        ["matmul"] = (x, a) => [x[0].MatMul(x[1])],
        ["cross_entropy"] = (x, a) => [x[0].CrossEntropy(x[1])],
        ["linear"] = (x, a) => [x[0].Linear(x[1], x.Length > 2 ? x[2] : null)],
        ["cat"] = (x, a) => [Tensor.Cat(x, I(a, "dim"))],
        ["stack"] = (x, a) => [Tensor.Stack(x, I(a, "dim"))],
        ["split"] = (x, a) => x[0].Split(Ints(a, "sizes"), I(a, "dim")),
        ["chunk"] = (x, a) => x[0].Chunk(I(a, "chunks"), I(a, "dim")),
        ["reshape"] = (x, a) => [x[0].Reshape(Ints(a, "shape"))],
        ["permute"] = (x, a) => [x[0].Permute(Ints(a, "dims"))],
        ["transpose"] = (x, a) => [x[0].Transpose(I(a, "dim0"), I(a, "dim1"))],
        ["narrow"] = (x, a) => [x[0].Narrow(I(a, "dim"), I(a, "start"), I(a, "length"))],
        ["select"] = (x, a) => [x[0].Select(I(a, "dim"), I(a, "index"))],
        ["expand"] = (x, a) => [x[0].Expand(Ints(a, "shape"))],
        ["squeeze"] = (x, a) => [x[0].Squeeze(NI(a, "dim"))],
        ["unsqueeze"] = (x, a) => [x[0].Unsqueeze(I(a, "dim"))],
        ["flatten"] = (x, a) => [x[0].Flatten(I(a, "start_dim"), I(a, "end_dim"))],
    };
}
