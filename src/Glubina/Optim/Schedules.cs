namespace Glubina.Optim;

/// <summary>Argument checks shared by the learning-rate schedules.</summary>
internal static class Schedules
{
    public static void CheckFactor(string schedule, string name, double value)
    {
        if (!(value >= 0) || double.IsInfinity(value))
            throw new ArgumentOutOfRangeException(name, value,
                $"{schedule}: {name} must be finite and non-negative, got {Optimizer.Format(value)}.");
    }
}
