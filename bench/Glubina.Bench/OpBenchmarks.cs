using BenchmarkDotNet.Attributes;
using Glubina.Tensors;

namespace Glubina.Bench;

/// <summary>BenchmarkDotNet micro-benchmarks of single ops (time and allocated bytes per op), for investigating
/// a regression in detail; the PyTorch ratios come from the stopwatch modes, which run the same cases.</summary>
[MemoryDiagnoser]
public class OpBenchmarks
{
    private Tensor _a1 = null!, _b1 = null!, _a1000 = null!, _b1000 = null!, _m1 = null!, _m2 = null!, _g1000 = null!;

    [GlobalSetup]
    public void Setup()
    {
        var gen = new Generator(1);
        _a1 = Tensor.Randn([1], gen);
        _b1 = Tensor.Randn([1], gen);
        _a1000 = Tensor.Randn([1000], gen);
        _b1000 = Tensor.Randn([1000], gen);
        _g1000 = Tensor.Randn([1000], gen).RequiresGrad_();
        _m1 = Tensor.Randn([64, 64], gen);
        _m2 = Tensor.Randn([64, 64], gen);
    }

    [Benchmark]
    public Tensor Add1() => _a1.Add(_b1);

    [Benchmark]
    public Tensor Add1000() => _a1000.Add(_b1000);

    [Benchmark]
    public Tensor Add1000WithGrad() => _g1000.Add(_b1000);

    [Benchmark]
    public Tensor Add1000Scoped()
    {
        using var scope = new TensorScope();
        return scope.Keep(_a1000.Add(_b1000)).Detach();
    }

    [Benchmark]
    public Tensor MatMul64() => _m1.MatMul(_m2);
}
