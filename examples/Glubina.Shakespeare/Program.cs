using System.Diagnostics;
using System.Globalization;
using Glubina.Data.Text;
using Glubina.Kernels;
using Glubina.Nn;
using Glubina.Optim;
using Glubina.Serialization;
using Glubina.Tensors;
using Glubina.Training;

// Tiny Shakespeare, character level: an LSTM (--model lstm) or a small causal transformer (--model transformer)
// trained on the first 90% of the text with AdamW, warm-up and cosine decay, under a wall-clock budget. Every
// --eval-every steps it scores part of the validation text (the last 10%); at the end the whole validation text,
// in nats per character. Writes the loss curve (loss.csv), the model file and samples at two temperatures (top-k 10).
// Usage: dotnet run --project examples/Glubina.Shakespeare -c Release -- [--model lstm|transformer] [--minutes M]
//   [--steps N] [--batch-size N] [--length T] [--lr X] [--width N] [--layers N] [--heads N] [--dropout P]
//   [--eval-every N] [--seed N] [--data DIR] [--out DIR]
string modelKind = Arg("--model") ?? "lstm";
bool lstm = modelKind switch
{
    "lstm" => true,
    "transformer" => false,
    _ => throw new ArgumentException($"--model must be lstm or transformer, got '{modelKind}'."),
};
double minutes = DoubleArg("--minutes", 25);
int steps = IntArg("--steps", lstm ? 6000 : 5000);
int batchSize = IntArg("--batch-size", lstm ? 32 : 32);
int length = IntArg("--length", lstm ? 100 : 128);
double lr = DoubleArg("--lr", lstm ? 3e-3 : 1e-3);
int evalEvery = IntArg("--eval-every", 250);
int width = IntArg("--width", lstm ? 512 : 192);       // LSTM hidden size, or transformer d_model
int layers = IntArg("--layers", lstm ? 1 : 4);
int heads = IntArg("--heads", 6);
double dropout = DoubleArg("--dropout", lstm ? 0.1 : 0.0);
int seed = IntArg("--seed", 0);
string dataDir = Arg("--data") ?? Environment.GetEnvironmentVariable("GLUBINA_DATA")
    ?? throw new ArgumentException("Pass --data DIR or set GLUBINA_DATA to the folder holding tiny-shakespeare/input.txt.");
string outDir = Arg("--out") ?? Path.Combine("runs", $"shakespeare-{modelKind}");
string file = Path.Combine(dataDir, "tiny-shakespeare", "input.txt");
if (!File.Exists(file))
    throw new FileNotFoundException($"Tiny Shakespeare not found at {file} (see ../shared/data/tiny-shakespeare/README.md).", file);

Generator.Default.ManualSeed((ulong)seed);
string text = File.ReadAllText(file);
var tokenizer = CharTokenizer.Fit(text);
var (train, validation) = new TokenStream(tokenizer.Encode(text)).Split(0.9);
Console.WriteLine($"Tiny Shakespeare: {text.Length:N0} characters, vocabulary {tokenizer.VocabSize}; " +
    $"{train.Count:N0} train / {validation.Count:N0} validation characters; {KernelThreads.Count} threads");

Module model = lstm
    ? new RecurrentLanguageModel(tokenizer.VocabSize, embeddingDim: 64, hiddenSize: width, numLayers: layers, cell: "lstm", dropout: dropout)
    : new CausalLanguageModel(tokenizer.VocabSize, dModel: width, numHeads: heads, numLayers: layers, maxLength: length, dropout: dropout);
Console.WriteLine(model);
Console.WriteLine($"{model.Parameters().Sum(p => (long)p.Numel):N0} parameters; {steps} steps of {batchSize}×{length} characters, " +
    $"budget {minutes} min");

var optimizer = new AdamW(model.Parameters(), lr: lr, weightDecay: lstm ? 0.0 : 0.1, beta2: 0.99);
int warmup = Math.Min(200, steps / 10);
var batches = new Generator((ulong)seed + 1);
var curve = new List<string> { "step,seconds,train_loss,val_loss,learning_rate" };
var clock = Stopwatch.StartNew();
double trainLoss = double.NaN, smoothed = double.NaN;
int step = 0;
for (; step < steps && clock.Elapsed.TotalMinutes < minutes; step++)
{
    // Cosine decay over the steps or the time budget, whichever runs out first, so a slower machine still anneals.
    double progress = Math.Max((double)(step - warmup) / Math.Max(1, steps - warmup), clock.Elapsed.TotalMinutes / minutes);
    double rate = step < warmup ? lr * (step + 1) / warmup : 0.1 * lr + 0.9 * lr * 0.5 * (1 + Math.Cos(Math.PI * Math.Min(1, progress)));
    optimizer.ParamGroups[0].LearningRate = rate;
    using (var scope = new TensorScope())
    {
        var (inputs, targets) = train.SampleBatch(batchSize, length, batches);
        Tensor logits = model.Call(inputs);
        Tensor loss = logits.Reshape(batchSize * length, tokenizer.VocabSize).CrossEntropy(targets.Reshape(batchSize * length));
        optimizer.ZeroGrad(setToNone: false);
        loss.Backward();
        GradientClipping.ClipGradNorm(model.Parameters(), 1.0);
        optimizer.Step();
        trainLoss = loss.Item();
    }
    smoothed = double.IsNaN(smoothed) ? trainLoss : 0.95 * smoothed + 0.05 * trainLoss;
    if ((step + 1) % evalEvery == 0)
    {
        double val = LanguageModelLoss.Evaluate(model, validation, length, batchSize: 64, maxWindows: 128);
        curve.Add(Csv(step + 1, clock.Elapsed.TotalSeconds, smoothed, val, rate));
        Console.WriteLine($"step {step + 1,5}  {clock.Elapsed:mm\\:ss}  train {smoothed:F3}  val {val:F3}  lr {rate:G3}");
    }
}
double trainSeconds = clock.Elapsed.TotalSeconds;
double finalVal = LanguageModelLoss.Evaluate(model, validation, length, batchSize: 64);
curve.Add(Csv(step, trainSeconds, smoothed, finalVal, double.NaN));
Console.WriteLine($"Trained {step} steps ({(long)step * batchSize * length:N0} characters) in {trainSeconds / 60:F1} min; " +
    $"validation loss {finalVal:F3} nats/char ({finalVal / Math.Log(2):F3} bits/char, perplexity {Math.Exp(finalVal):F2}) " +
    "over the whole validation text");

Directory.CreateDirectory(outDir);
File.WriteAllLines(Path.Combine(outDir, "loss.csv"), curve);
new ModelFile(model, ModelSpec.FromModule(model))
{
    Task = "language-model",
    Metrics = new Dictionary<string, double> { ["val_loss_nats_per_char"] = finalVal, ["train_seconds"] = trainSeconds, ["steps"] = step },
    Extra = new() { ["tokenizer"] = tokenizer.ToJson() },
}.Save(Path.Combine(outDir, "model.safetensors"));

var prompt = Tensor.FromArray(tokenizer.Encode("ROMEO:\n").Select(i => (long)i).ToArray(), 7);
var sampler = new Generator((ulong)seed + 2);
foreach (double temperature in new[] { 0.8, 1.0 })
{
    Tensor sample = model switch
    {
        RecurrentLanguageModel r => r.Generate(prompt, 400, temperature, topK: 10, generator: sampler),
        CausalLanguageModel c => c.Generate(prompt, 400, temperature, topK: 10, generator: sampler),
        _ => throw new InvalidOperationException(),
    };
    string generated = tokenizer.Decode(sample.ToArray<long>().Select(i => (int)i));
    File.WriteAllText(Path.Combine(outDir, $"sample-t{temperature:F1}.txt"), generated);
    Console.WriteLine($"--- sample, temperature {temperature:F1}, top-k 10 ---\n{generated}\n");
}
Console.WriteLine($"Wrote {outDir}/loss.csv, model.safetensors and samples.");
return finalVal <= 1.60 ? 0 : 1;

static string Csv(params double[] values) => string.Join(",", values.Select(v => v.ToString("G6", CultureInfo.InvariantCulture)));

string? Arg(string name)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

int IntArg(string name, int fallback) => Arg(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

double DoubleArg(string name, double fallback) => Arg(name) is { } v ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;
