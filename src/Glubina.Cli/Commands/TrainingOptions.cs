using System.CommandLine;
using Glubina.Cli.Runs;
using Glubina.Optim;

namespace Glubina.Cli.Commands;

/// <summary>The hyper-parameter options shared by <c>train</c> and <c>quickstart</c>.</summary>
internal sealed class TrainingOptions
{
    private readonly Option<int> _epochs;
    private readonly Option<int> _batchSize;
    private static readonly TrainSettings s_defaults = new();

    private readonly Option<double> _lr = new("--lr") { Description = "Learning rate.", DefaultValueFactory = _ => s_defaults.LearningRate };
    private readonly Option<string> _optimizer = new("--optimizer")
    {
        Description = "The optimizer: " + string.Join(", ", Optimizers.Names.Select(n => $"{n} = {Optimizers.Describe(n)}")) + ".",
        DefaultValueFactory = _ => s_defaults.Optimizer,
    };
    private readonly Option<int> _patience = new("--patience") { Description = "Early stopping: epochs without a better validation loss before training stops.", DefaultValueFactory = _ => s_defaults.Patience };
    private readonly Option<ulong> _seed = new("--seed") { Description = "Seed of the split, the initialisation and the shuffling.", DefaultValueFactory = _ => s_defaults.Seed };
    private readonly Option<int?> _maxTrain = new("--max-train-samples") { Description = "Train on at most this many examples (a quick run)." };

    public TrainingOptions(int epochs, int batchSize)
    {
        _epochs = new Option<int>("--epochs") { Description = "Most epochs to train (early stopping may end sooner).", DefaultValueFactory = _ => epochs };
        _batchSize = new Option<int>("--batch-size") { Description = "Examples per step.", DefaultValueFactory = _ => batchSize };
        _optimizer.AcceptOnlyFromAmong([.. Optimizers.Names]);
    }

    public void AddTo(Command command)
    {
        command.Add(_epochs);
        command.Add(_batchSize);
        command.Add(_lr);
        command.Add(_optimizer);
        command.Add(_patience);
        command.Add(_seed);
        command.Add(_maxTrain);
    }

    /// <summary>Whether --epochs was given (not its default).</summary>
    public bool EpochsGiven(ParseResult parsed) => parsed.GetResult(_epochs) is { Implicit: false };

    public TrainSettings Read(ParseResult parsed) => new TrainSettings
    {
        Epochs = parsed.GetValue(_epochs),
        BatchSize = parsed.GetValue(_batchSize),
        LearningRate = parsed.GetValue(_lr),
        Optimizer = parsed.GetValue(_optimizer)!,
        Patience = parsed.GetValue(_patience),
        Seed = parsed.GetValue(_seed),
        MaxTrainSamples = parsed.GetValue(_maxTrain),
    }.Validated();
}
