using Glubina.Autograd;
using Glubina.Data.Text;
using Glubina.Tensors;
using Module = Glubina.Nn.Module;

namespace Glubina.Training;

/// <summary>
/// Language-model quality on held-out text: the mean cross-entropy in nats per token over a
/// <see cref="TokenStream"/>, scored in non-overlapping windows so that every token counts once (perplexity is
/// its exponential, bits per token its value / ln 2). The model maps int64 tokens [N, T] to logits [N, T, vocab].
/// </summary>
public static class LanguageModelLoss
{
    /// <summary>Mean nats per token over the whole stream (or its first <paramref name="maxWindows"/> windows).</summary>
    public static double Evaluate(Module model, TokenStream stream, int length, int batchSize = 32, int? maxWindows = null)
    {
        bool wasTraining = model.Training;
        model.Eval();
        double sum = 0;
        long tokens = 0;
        // The first maxWindows windows are exactly the windows of the stream's first maxWindows·length + 1 tokens.
        if (maxWindows is int most)
            stream = stream.Take((int)Math.Min(int.MaxValue, (long)most * length + 1));
        try
        {
            using var noGrad = GradMode.NoGrad();
            foreach (var (inputs, targets) in stream.Windows(length, batchSize))
            {
                using var scope = new TensorScope();
                int n = inputs.Size(0);
                Tensor logits = model.Call(inputs);
                int vocab = logits.Size(-1);
                double mean = logits.Reshape(n * length, vocab).CrossEntropy(targets.Reshape(n * length)).Item();
                sum += mean * n * length;
                tokens += (long)n * length;
            }
        }
        finally
        {
            model.Train(wasTraining);
        }
        if (tokens == 0)
            throw new ArgumentException($"LanguageModelLoss: the stream ({stream.Count} tokens) holds no window of {length} tokens.");
        return sum / tokens;
    }
}
