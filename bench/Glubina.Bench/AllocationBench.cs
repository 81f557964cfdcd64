using Glubina.Autograd;
using Glubina.Tensors;

namespace Glubina.Bench;

/// <summary>Managed bytes allocated per training step of an MNIST-sized MLP (784→256→10, batch 64, softmax
/// cross-entropy written with tensor ops, SGD update), with and without a <see cref="TensorScope"/>.</summary>
public static class AllocationBench
{
    public static int Run(string[] args)
    {
        var gen = new Generator(1);
        var x = Tensor.Randn([64, 784], gen);
        var labels = Tensor.RandInt(0, 10, [64], gen);
        var target = labels.OneHot(10, DType.Float32);
        var w1 = Tensor.Normal([784, 256], 0, 0.05, gen).RequiresGrad_();
        var b1 = Tensor.Zeros(256).RequiresGrad_();
        var w2 = Tensor.Normal([256, 10], 0, 0.05, gen).RequiresGrad_();
        var b2 = Tensor.Zeros(10).RequiresGrad_();
        Tensor[] parameters = [w1, b1, w2, b2];

        void Step()
        {
            var logits = x.MatMul(w1).Add(b1).Relu().MatMul(w2).Add(b2);
            var loss = logits.LogSoftmax(1).Mul(target).Sum().Div(-64.0);
            loss.Backward();
            using (GradMode.NoGrad())
                foreach (var p in parameters)
                {
                    p.AddInPlace(p.Grad!, -0.01);
                    p.Grad!.ZeroInPlace(); // keep the gradient buffer: no new allocation next step
                }
        }

        foreach (bool scoped in new[] { false, true })
        {
            Action run = scoped ? () => { using var s = new TensorScope(); Step(); } : Step;
            for (int i = 0; i < 20; i++)
                run();
            long before = GC.GetAllocatedBytesForCurrentThread();
            const int steps = 100;
            for (int i = 0; i < steps; i++)
                run();
            long perStep = (GC.GetAllocatedBytesForCurrentThread() - before) / steps;
            Console.WriteLine($"{(scoped ? "with TensorScope" : "without scope")}: {perStep:N0} bytes allocated per step");
        }
        Console.WriteLine($"(activations and gradients of one step total {(64 * 256 * 3 + 64 * 10 * 4 + 784 * 256 + 256 * 10) * 4:N0} bytes)");
        return 0;
    }
}
