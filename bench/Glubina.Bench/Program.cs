namespace Glubina.Bench;

/// <summary>Benchmark entry point: <c>dotnet run -c Release --project bench/Glubina.Bench -- MODE [options]</c>.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        string mode = args.Length > 0 ? args[0] : "help";
        string[] rest = args.Length > 0 ? args[1..] : [];
        switch (mode)
        {
            case "gemm":
                return GemmBench.Run(rest);
            case "overhead":
                return OverheadBench.Run(rest);
            case "alloc":
                return AllocationBench.Run(rest);
            case "mlp":
                return MlpBench.Run(rest);
            case "arch":
                return ArchitecturesBench.Run(rest);
            case "onnx":
                return OnnxComparison.Run(rest);
            case "conv":
                return ConvPathsBench.Run(rest);
            case "bdn":
                BenchmarkDotNet.Running.BenchmarkSwitcher.FromTypes([typeof(OpBenchmarks)]).Run(rest);
                return 0;
            default:
                Console.WriteLine("usage: Glubina.Bench MODE [options]");
                Console.WriteLine("modes:");
                Console.WriteLine("  gemm      SGEMM GFLOP/s at square and network shapes (" + GemmBench.Usage + ")");
                Console.WriteLine("  overhead  per-op dispatch overhead, ns per op (" + OverheadBench.Usage + ")");
                Console.WriteLine("  alloc     managed bytes allocated per MLP training step");
                Console.WriteLine("  mlp       MNIST-MLP training samples/s (" + MlpBench.Usage + ")");
                Console.WriteLine("  arch      LeNet/CNN/LSTM/transformer training samples/s, LeNet inference us (" + ArchitecturesBench.Usage + ")");
                Console.WriteLine("  conv      direct vs im2col convolution, forward and gradients per layer shape (" + ConvPathsBench.Usage + ")");
                Console.WriteLine("  onnx      Predictor vs ONNX Runtime latency, MNIST MLP/CNN, batch 1 and 64 (" + OnnxComparison.Usage + ")");
                Console.WriteLine("  bdn       BenchmarkDotNet op micro-benchmarks (BenchmarkDotNet's own options, e.g. --filter '*Add*')");
                return mode == "help" ? 0 : 2;
        }
    }
}
