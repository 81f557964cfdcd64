using System.Text.Json.Nodes;
using Glubina.Optim;

namespace Glubina.Cli.Runs;

/// <summary>The training hyper-parameters a command line sets.</summary>
internal sealed record TrainSettings
{
    public int Epochs { get; init; } = 20;

    public int BatchSize { get; init; } = 32;

    public double LearningRate { get; init; } = 1e-3;

    /// <summary>A name from <see cref="Optimizers.Names"/>.</summary>
    public string Optimizer { get; init; } = "adam";

    /// <summary>Epochs without a better validation loss before training stops (early stopping).</summary>
    public int Patience { get; init; } = 5;

    public ulong Seed { get; init; }

    /// <summary>Use at most this many training examples (a quick run); null for all.</summary>
    public int? MaxTrainSamples { get; init; }

    /// <summary>Checks the values; an error names the option.</summary>
    public TrainSettings Validated()
    {
        if (Epochs < 1)
            throw new CliException($"--epochs {Epochs}: expected at least 1.");
        if (BatchSize < 1)
            throw new CliException($"--batch-size {BatchSize}: expected at least 1.");
        if (!(LearningRate > 0) || !double.IsFinite(LearningRate))
            throw new CliException($"--lr {LearningRate}: expected a positive number such as 0.001.");
        if (Patience < 0)
            throw new CliException($"--patience {Patience}: expected 0 or more.");
        if (MaxTrainSamples is < 1)
            throw new CliException($"--max-train-samples {MaxTrainSamples}: expected at least 1.");
        if (!Optimizers.Names.Contains(Optimizer))
            throw new CliException(ClosestNames.Unknown("optimizer", Optimizer, "the optimizers", [.. Optimizers.Names]));
        return this;
    }

    public JsonObject ToJson() => new()
    {
        ["epochs"] = Epochs,
        ["batch_size"] = BatchSize,
        ["lr"] = LearningRate,
        ["optimizer"] = Optimizer,
        ["patience"] = Patience,
        ["seed"] = Seed,
        ["max_train_samples"] = MaxTrainSamples,
    };
}
