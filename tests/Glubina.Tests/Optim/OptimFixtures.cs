using System.Globalization;
using System.Text.Json;
using Glubina.Optim;
using Glubina.Tensors;

namespace Glubina.Tests.Optim;

/// <summary>Reads tests/fixtures/optim/*.json (written by tools/reference/make_optim_fixtures.py from PyTorch 1.13)
/// and builds optimizers from a case's PyTorch keyword arguments.</summary>
public static class OptimFixtures
{
    private static readonly Dictionary<string, JsonElement> s_cache = [];

    /// <summary>The cases of one fixture file by name.</summary>
    public static IReadOnlyDictionary<string, JsonElement> Cases(string file)
    {
        lock (s_cache)
        {
            if (!s_cache.TryGetValue(file, out JsonElement root))
            {
                string path = Path.Combine(AppContext.BaseDirectory, "fixtures", "optim", file);
                using var doc = JsonDocument.Parse(File.ReadAllText(path));
                root = doc.RootElement.GetProperty("cases").Clone();
                s_cache[file] = root;
            }
            return root.EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!);
        }
    }

    public static TheoryData<string> Names(string file)
    {
        var data = new TheoryData<string>();
        foreach (string name in Cases(file).Keys)
            data.Add(name);
        return data;
    }

    /// <summary>float32 data: parsed as float, the value torch used (not the nearest double to the text).</summary>
    public static float[] Floats(JsonElement array) =>
        array.EnumerateArray().Select(x => float.Parse(x.GetRawText(), CultureInfo.InvariantCulture)).ToArray();

    public static double[] Doubles(JsonElement array) => array.EnumerateArray().Select(x => x.GetDouble()).ToArray();

    public static int[] Ints(JsonElement array) => array.EnumerateArray().Select(x => x.GetInt32()).ToArray();

    /// <summary>A tensor of the given dtype holding float32 fixture values (exactly; float64 widens them).</summary>
    public static Tensor Tensor32(float[] values, int[] shape, DType dtype) => dtype == DType.Float32
        ? Tensor.FromArray(values, shape)
        : Tensor.FromArray(Array.ConvertAll(values, v => (double)v), shape);

    /// <summary>Builds the optimizer of an optimizers.json case over <paramref name="parameters"/>: the defaults from
    /// the case's PyTorch keyword arguments, each group's options from its PyTorch param_group entries.</summary>
    public static Optimizer CreateOptimizer(JsonElement c, Tensor[] parameters)
    {
        JsonElement kwargs = c.GetProperty("kwargs");
        double D(string name, double fallback) => kwargs.TryGetProperty(name, out JsonElement e) ? e.GetDouble() : fallback;
        bool B(string name) => kwargs.TryGetProperty(name, out JsonElement e) && e.GetBoolean();
        double[] betas = kwargs.TryGetProperty("betas", out JsonElement b) ? Doubles(b) : [0.9, 0.999];
        Optimizer Build<TOptions>(TOptions defaults, Func<List<ParamGroup>, TOptions, Optimizer> create)
            where TOptions : OptimizerOptions => create(Groups(c, parameters, defaults), defaults);
        return c.GetProperty("optimizer").GetString() switch
        {
            "sgd" => Build(new SgdOptions(D("lr", double.NaN), D("momentum", 0), D("dampening", 0), D("weight_decay", 0),
                B("nesterov"), B("maximize")), (g, o) => new Sgd(g, o)),
            "adam" => Build(new AdamOptions(D("lr", 1e-3), betas[0], betas[1], D("eps", 1e-8), D("weight_decay", 0),
                B("amsgrad"), B("maximize")), (g, o) => new Adam(g, o)),
            "adamw" => Build(new AdamWOptions(D("lr", 1e-3), betas[0], betas[1], D("eps", 1e-8), D("weight_decay", 1e-2),
                B("amsgrad"), B("maximize")), (g, o) => new AdamW(g, o)),
            "rmsprop" => Build(new RmsPropOptions(D("lr", 1e-2), D("alpha", 0.99), D("eps", 1e-8), D("weight_decay", 0),
                D("momentum", 0), B("centered"), B("maximize")), (g, o) => new RmsProp(g, o)),
            "adagrad" => Build(new AdagradOptions(D("lr", 1e-2), D("lr_decay", 0), D("weight_decay", 0),
                D("initial_accumulator_value", 0), D("eps", 1e-10), B("maximize")), (g, o) => new Adagrad(g, o)),
            var other => throw new InvalidOperationException($"Unknown optimizer '{other}' in the fixture."),
        };
    }

    // The case's param groups (one of all parameters when it has none), each with the defaults changed by its
    // PyTorch param_group entries, read as a state dict reads them (betas is a pair there, beta1 and beta2 here).
    private static List<ParamGroup> Groups(JsonElement c, Tensor[] parameters, OptimizerOptions defaults)
    {
        if (c.GetProperty("groups").ValueKind == JsonValueKind.Null)
            return [new ParamGroup(parameters)];
        var groups = new List<ParamGroup>();
        foreach (JsonElement g in c.GetProperty("groups").EnumerateArray())
        {
            OptimizerOptions options = defaults;
            foreach (JsonProperty option in g.GetProperty("options").EnumerateObject())
            {
                (string Name, double Value)[] values = option.Name == "betas"
                    ? [("beta1", option.Value[0].GetDouble()), ("beta2", option.Value[1].GetDouble())]
                    : [(option.Name, option.Value.GetDouble())];
                foreach (var (name, value) in values)
                    options = options.WithStateDictValue(name, value) ?? throw new InvalidOperationException(
                        $"The fixture's group option '{name}' is not a hyper-parameter of {defaults.GetType().Name}.");
            }
            groups.Add(new ParamGroup(Ints(g.GetProperty("params")).Select(i => parameters[i]), options));
        }
        return groups;
    }

    /// <summary>Asserts |actual − expected| ≤ atol + rtol·|expected| element-wise, naming the first bad element.</summary>
    public static void AssertClose(double[] expected, double[] actual, double rtol, double atol, string what)
    {
        Assert.True(expected.Length == actual.Length, $"{what}: {actual.Length} values, expected {expected.Length}.");
        for (int i = 0; i < expected.Length; i++)
        {
            double diff = Math.Abs(actual[i] - expected[i]);
            if (!(diff <= atol + rtol * Math.Abs(expected[i])))
                Assert.Fail($"{what}[{i}]: expected {expected[i]:R}, got {actual[i]:R} (difference {diff:G3}, " +
                    $"allowed {atol + rtol * Math.Abs(expected[i]):G3}).");
        }
    }
}
