using System.Diagnostics;
using Glubina.Data;
using Glubina.Data.Text;
using Glubina.Metrics;
using Glubina.Nn;
using Glubina.Optim;
using Glubina.Tensors;
using Glubina.Training;

// SMS Spam Collection (5,574 messages, 13.4 % spam) with a text CNN: word embedding → Conv1d (kernel 3) → ReLU →
// max over time (padding masked out) → dropout → Linear(2). Stratified, seeded 70/15/15 train/validation/test split;
// the word tokenizer is fitted on the training messages only. Reports test accuracy and spam F1 (spam = class 1).
// Usage: dotnet run --project examples/Glubina.SmsSpam -c Release -- [--epochs N] [--batch-size N] [--seed N] [--data DIR]
// (DIR holds sms-spam-collection/SMSSpamCollection; default: $GLUBINA_DATA)
int epochs = IntArg("--epochs", 15);
int batchSize = IntArg("--batch-size", 32);
int seed = IntArg("--seed", 0);
string dataDir = Arg("--data") ?? Environment.GetEnvironmentVariable("GLUBINA_DATA")
    ?? throw new ArgumentException("Pass --data DIR or set GLUBINA_DATA to the folder holding sms-spam-collection/.");
string file = Path.Combine(dataDir, "sms-spam-collection", "SMSSpamCollection");

Generator.Default.ManualSeed((ulong)seed); // one seed: initialisation, shuffling, dropout (the split has its own, fixed)
var rows = TextFile.ReadLabeledLines(file).ToList();
string[] texts = rows.Select(r => r.Text).ToArray();
long[] labels = rows.Select(r => r.Label switch
{
    "spam" => 1L,
    "ham" => 0L,
    _ => throw new InvalidDataException($"unknown label '{r.Label}'"),
}).ToArray();
DataSplit split = Splits.Stratified(labels, validation: 0.15, test: 0.15, seed: 42);

var tokenizer = WordTokenizer.Fit(split.Train.Select(i => texts[i]), lowercase: false, minFrequency: 2);
const int maxLength = 100;
SequenceDataset Part(int[] indices) => new(indices.Select(i => tokenizer.Encode(texts[i])).ToArray(),
    Tensor.FromArray(indices.Select(i => labels[i]).ToArray()), maxLength);
var train = Part(split.Train);
var validation = Part(split.Validation);
var test = Part(split.Test);
Console.WriteLine($"SMS Spam: {train.Count} training, {validation.Count} validation, {test.Count} test messages " +
                  $"({labels.Count(l => l == 1)} spam in all); vocabulary {tokenizer.VocabSize} words");

var model = new TextCnn(tokenizer.VocabSize, embeddingDim: 64, channels: 128, kernelSize: 3, dropout: 0.5);
Console.WriteLine(model);
Console.WriteLine($"{model.ParameterCount():N0} parameters");

var optimizer = new Adam(model.Parameters(), lr: 1e-3);
var trainer = new Trainer(model, new CrossEntropyLoss(), optimizer, metrics: ["accuracy", "f1"]);
var clock = Stopwatch.StartNew();
var history = trainer.Fit(train, validation, epochs: epochs, batchSize: batchSize,
    callbacks: [new EarlyStopping("val_loss", patience: 3, restoreBestWeights: true)]);
double seconds = clock.Elapsed.TotalSeconds;
var result = trainer.Evaluate(test);
Console.WriteLine(OverfittingReport.Analyze(history));
long[] predicted = ClassifierOutputs.ToClasses(trainer.Predict(test)).ToArray<long>();
long[] actual = test.Targets.ToArray<long>();
Console.WriteLine(ClassificationMetrics.ConfusionMatrix(actual, predicted));
Console.WriteLine(ClassificationMetrics.ClassificationReport(actual, predicted, targetNames: ["ham", "spam"]).ToText(4));
Console.WriteLine($"test loss {result["loss"]:F4}, test accuracy {result["accuracy"]:P2}, spam F1 {result["f1"]:F4} " +
                  $"after {history.Count} epochs in {seconds:F0} s");
return 0;

string? Arg(string name)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

int IntArg(string name, int fallback) => Arg(name) is string s ? int.Parse(s, System.Globalization.CultureInfo.InvariantCulture) : fallback;

/// <summary>A one-layer text CNN (Kim, 2014, with one kernel size): ids int64 [N, L] (0 = padding) → logits [N, 2].
/// Embedding [N, L, E] → [N, E, L] → Conv1d(E, C, k, padding k/2) → ReLU → max over the real positions → Dropout → Linear.</summary>
internal sealed class TextCnn : Module
{
    private readonly Embedding _embedding;
    private readonly Conv1d _conv;
    private readonly Dropout _dropout;
    private readonly Linear _output;

    public TextCnn(int vocabSize, int embeddingDim, int channels, int kernelSize, double dropout, int classes = 2)
    {
        _embedding = RegisterModule("embedding", new Embedding(vocabSize, embeddingDim, paddingIdx: SpecialTokens.PadId));
        _conv = RegisterModule("conv", new Conv1d(embeddingDim, channels, kernelSize, padding: kernelSize / 2));
        _dropout = RegisterModule("dropout", new Dropout(dropout));
        _output = RegisterModule("fc", new Linear(channels, classes));
    }

    public override Tensor Forward(Tensor input)
    {
        Tensor x = _embedding.Forward(input).Transpose(1, 2);                 // [N, E, L]
        Tensor h = _conv.Forward(x).Relu();                                   // [N, C, L], ≥ 0
        Tensor real = input.Ne(SpecialTokens.PadId).To(h.DType).Unsqueeze(1); // [N, 1, L]
        Tensor pooled = h.Mul(real).Max(2).Values;                            // padding → 0, below every ReLU output's max
        return _output.Forward(_dropout.Forward(pooled));
    }
}
