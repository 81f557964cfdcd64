using Glubina.Data;
using Glubina.Data.Text;
using Glubina.Nn;
using Glubina.Optim;
using Glubina.Tensors;
using Glubina.Tests.Data;
using Glubina.Training;

namespace Glubina.Tests.Training;

/// <summary>The shortened SMS Spam run: the text CNN of examples/Glubina.SmsSpam (embedding → Conv1d → ReLU → masked
/// max over time → Linear) trained for 8 epochs on the stratified 70/15/15 split (no validation, no early stopping),
/// tokenizer fitted on the training part only, must reach a spam F1 of 0.90 and 97 % accuracy on the test part.
/// Measured with seeds 0–5: spam F1 0.924–0.964 (0.939 at seed 0), accuracy 98.1–99.0 %; the full example run
/// reaches ≥ 0.92 (see docs/results.md).</summary>
public sealed class SmsSpamTests
{
    [Fact]
    public void Eight_epochs_of_the_text_cnn_reach_spam_f1_090_on_the_test_split()
    {
        // A generator of its own: tests running beside this one draw from Generator.Default.
        var g = new Generator(0);
        var rows = TextFile.ReadLabeledLines(SharedData.PathOf("sms-spam-collection", "SMSSpamCollection")).ToList();
        Assert.Equal(5574, rows.Count);
        string[] texts = rows.Select(r => r.Text).ToArray();
        long[] labels = rows.Select(r => r.Label == "spam" ? 1L : r.Label == "ham" ? 0L : throw new InvalidDataException(r.Label)).ToArray();
        DataSplit split = Splits.Stratified(labels, validation: 0.15, test: 0.15, seed: 42);
        var tokenizer = WordTokenizer.Fit(split.Train.Select(i => texts[i]), lowercase: false, minFrequency: 2);
        SequenceDataset Part(int[] indices) => new(indices.Select(i => tokenizer.Encode(texts[i])).ToArray(),
            Tensor.FromArray(indices.Select(i => labels[i]).ToArray()), maxLength: 100);

        var model = new TextCnn(tokenizer.VocabSize, embeddingDim: 64, channels: 128, kernelSize: 3, dropout: 0.5, g);
        var trainer = new Trainer(model, new CrossEntropyLoss(), new Adam(model.Parameters(), lr: 1e-3), ["accuracy", "f1"]);
        trainer.Fit(Part(split.Train), epochs: Epochs, batchSize: 32, seed: g.NextUInt64(), verbose: false);
        var result = trainer.Evaluate(Part(split.Test));
        Assert.True(result["f1"] >= 0.90, $"test spam F1 {result["f1"]:F4}, accuracy {result["accuracy"]:P2}");
        Assert.True(result["accuracy"] >= 0.97, $"test accuracy {result["accuracy"]:P2}, spam F1 {result["f1"]:F4}");
    }

    private const int Epochs = 8;

    /// <summary>The example's model: ids int64 [N, L] (0 = padding) → logits [N, 2].</summary>
    private sealed class TextCnn : Module
    {
        private readonly Embedding _embedding;
        private readonly Conv1d _conv;
        private readonly Dropout _dropout;
        private readonly Linear _output;

        public TextCnn(int vocabSize, int embeddingDim, int channels, int kernelSize, double dropout, Generator generator)
        {
            _embedding = RegisterModule("embedding", new Embedding(vocabSize, embeddingDim, paddingIdx: SpecialTokens.PadId, generator: generator));
            _conv = RegisterModule("conv", new Conv1d(embeddingDim, channels, kernelSize, padding: kernelSize / 2, generator: generator));
            _dropout = RegisterModule("dropout", new Dropout(dropout, generator));
            _output = RegisterModule("fc", new Linear(channels, 2, generator: generator));
        }

        public override Tensor Forward(Tensor input)
        {
            Tensor h = _conv.Forward(_embedding.Forward(input).Transpose(1, 2)).Relu();
            Tensor real = input.Ne(SpecialTokens.PadId).To(h.DType).Unsqueeze(1);
            return _output.Forward(_dropout.Forward(h.Mul(real).Max(2).Values));
        }
    }
}
