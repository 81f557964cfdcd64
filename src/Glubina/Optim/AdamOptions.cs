namespace Glubina.Optim;

/// <summary>Hyper-parameter names, defaults and checks shared by <see cref="Adam"/> and <see cref="AdamW"/>.</summary>
internal static class AdamOptions
{
    public static Dictionary<string, double> Defaults(double lr, double beta1, double beta2, double eps, double weightDecay) =>
        new() { ["lr"] = lr, ["beta1"] = beta1, ["beta2"] = beta2, ["eps"] = eps, ["weight_decay"] = weightDecay };

    public static Dictionary<string, bool> Flags(bool amsgrad, bool maximize) =>
        new() { ["amsgrad"] = amsgrad, ["maximize"] = maximize };

    public static string? Check(string name, double value) => name switch
    {
        "beta1" or "beta2" when !(value >= 0 && value < 1) => "must be in [0, 1)",
        "eps" when !(value >= 0) || double.IsInfinity(value) => "must be finite and non-negative",
        _ => null,
    };
}
