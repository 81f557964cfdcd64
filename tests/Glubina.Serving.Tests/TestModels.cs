using Glubina.Autograd;
using Glubina.Nn;
using Glubina.Serialization;
using Glubina.Tensors;

namespace Glubina.Serving.Tests;

/// <summary>Small model files with seeded random weights, and scratch folders for them.</summary>
internal static class TestModels
{
    public static readonly string[] IrisLabels = ["setosa", "versicolor", "virginica"];

    // One folder per test run; folders of runs that have ended are removed when the next run starts (the test host
    // process is often ended without running exit handlers).
    private static readonly Lazy<string> s_root = new(() =>
    {
        string parent = Path.Combine(Path.GetTempPath(), "glubina-serving-tests");
        if (Directory.Exists(parent))
            foreach (string old in Directory.GetDirectories(parent))
                if (int.TryParse(Path.GetFileName(old), out int pid) && !ProcessProbe.IsRunning(pid))
                    TryDelete(old);
        return Path.Combine(parent, Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
    });

    /// <summary>A fresh empty folder under this test run's temp folder.</summary>
    public static string TempFolder()
    {
        string path = Path.Combine(s_root.Value, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>4 → 8 → 3 classifier with the iris labels, input shape [4].</summary>
    public static string Classifier(string path, ulong seed = 1) =>
        Save(path, Seeded(new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 3)), seed), [4], "classification", IrisLabels);

    /// <summary>A wider MLP (20 → 64 → 10) for batching tests.</summary>
    public static string WideMlp(string path, ulong seed = 2) =>
        Save(path, Seeded(new Sequential(new Linear(20, 64), new ReLU(), new Linear(64, 10)), seed), [20], "classification", null);

    /// <summary>A small CNN taking [1, 8, 8] images, 4 classes.</summary>
    public static string Cnn(string path, ulong seed = 3) =>
        Save(path, Seeded(new Sequential(
            new Conv2d(1, 4, 3, padding: 1), new ReLU(), new MaxPool2d(2),
            new Flatten(), new Linear(4 * 4 * 4, 4)), seed), [1, 8, 8], "classification", null);

    /// <summary>3 → 5 → 1 regression model.</summary>
    public static string Regressor(string path, ulong seed = 4) =>
        Save(path, Seeded(new Sequential(new Linear(3, 5), new Tanh(), new Linear(5, 1)), seed), [3], "regression", null);

    public static Sequential Seeded(Sequential model, ulong seed)
    {
        var generator = new Generator(seed);
        using (GradMode.NoGrad())
            foreach (var p in model.Parameters())
                p.CopyInPlace(Tensor.Normal(p.Shape.ToArray(), 0, 0.5, generator));
        return model;
    }

    public static string Save(string path, Sequential model, int[] inputShape, string task, string[]? labels)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        new ModelFile(model, ModelSpec.FromModule(model)) { Task = task, InputShape = inputShape, ClassLabels = labels }.Save(path);
        return path;
    }

    /// <summary>Seeded random rows [n, ...shape] as nested float arrays' flat data.</summary>
    public static float[] RandomData(int count, ulong seed) =>
        Tensor.Normal([count], 0, 1, new Generator(seed)).ToArray<float>();

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
