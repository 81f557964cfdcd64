using Glubina.Data.Text;
using Glubina.Nn;
using Glubina.Tensors;
using Glubina.Training;

namespace Glubina.Tests.Training;

/// <summary>Held-out language-model loss: the token-weighted mean cross-entropy over exactly the windows asked for,
/// whatever the batch size.</summary>
public sealed class LanguageModelLossTests
{
    [Fact]
    public void Scores_exactly_the_first_windows_whatever_the_batch_size()
    {
        var model = new RecurrentLanguageModel(7, 4, 6, generator: new Generator(1));
        var stream = new TokenStream(Enumerable.Range(0, 200).Select(i => (i * 5 + i / 7) % 7).ToArray());
        // Three windows of 10 tokens by hand: the mean of their per-token cross-entropies.
        double expected;
        model.Eval();
        using (Glubina.Autograd.GradMode.NoGrad())
        {
            var (inputs, targets) = stream.Windows(10, 3).First();
            expected = model.Forward(inputs).Reshape(30, 7).CrossEntropy(targets.Reshape(30)).Item();
        }
        foreach (int batch in new[] { 1, 2, 3, 64 })
            Assert.Equal(expected, LanguageModelLoss.Evaluate(model, stream, 10, batchSize: batch, maxWindows: 3), 6);
        Assert.NotEqual(expected, LanguageModelLoss.Evaluate(model, stream, 10), 6);
    }
}
