using Glubina.Nn;
using Glubina.Tensors;

namespace Glubina.Tests.Nn;

/// <summary>Module bookkeeping against PyTorch: dotted names, traversal order, freezing, apply, train/eval
/// propagation, registration errors and the printed tree. Expected values are what PyTorch prints for the same
/// model (<c>class Net(nn.Module)</c> with <c>fc1</c>, <c>layers = nn.Sequential(Linear, BatchNorm1d, ReLU)</c>, <c>fc2</c>).</summary>
public sealed class ModuleTests
{
    private sealed class Net : Module
    {
        public Net(Generator g)
        {
            Fc1 = RegisterModule("fc1", new Linear(4, 8, generator: g));
            Layers = RegisterModule("layers", new Sequential(new Linear(8, 8, generator: g), new BatchNorm1d(8), new ReLU()));
            Fc2 = RegisterModule("fc2", new Linear(8, 3, generator: g));
        }

        public Linear Fc1 { get; }

        public Sequential Layers { get; }

        public Linear Fc2 { get; }

        public override Tensor Forward(Tensor input) => Fc2.Call(Layers.Call(Fc1.Call(input)));
    }

    private sealed class Containers : Module
    {
        public Containers()
        {
            Blocks = RegisterModule("blocks", new ModuleList(new Linear(2, 2), new Linear(2, 2)));
            Heads = RegisterModule("heads", new ModuleDict().Add("cls", new Linear(2, 3)).Add("reg", new Linear(2, 1, bias: false)));
        }

        public ModuleList Blocks { get; }

        public ModuleDict Heads { get; }

        public override Tensor Forward(Tensor input)
        {
            Tensor x = input;
            foreach (var block in Blocks)
                x = block.Call(x);
            return Heads["cls"].Call(x);
        }
    }

    private sealed class Registrar : Module
    {
        public void Parameter(string name) => RegisterParameter(name, Tensor.Zeros(2));

        public void Buffer(string name) => RegisterBuffer(name, Tensor.Zeros(2));

        public void Child(string name) => RegisterModule(name, new ReLU());

        public override Tensor Forward(Tensor input) => input;
    }

    [Fact]
    public void Names_are_pytorchs()
    {
        var net = new Net(new Generator(1));
        Assert.Equal(["fc1.weight", "fc1.bias", "layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.1.bias", "fc2.weight", "fc2.bias"],
            net.NamedParameters().Select(p => p.Name).ToArray());
        Assert.Equal(["layers.1.running_mean", "layers.1.running_var", "layers.1.num_batches_tracked"],
            net.NamedBuffers().Select(b => b.Name).ToArray());
        // PyTorch's state_dict keys, in its order (each module's parameters, then its buffers, depth first).
        string[] pytorchStateKeys = ["fc1.weight", "fc1.bias", "layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.1.bias",
            "layers.1.running_mean", "layers.1.running_var", "layers.1.num_batches_tracked", "fc2.weight", "fc2.bias"];
        Assert.Equal(pytorchStateKeys, net.StateDict().Keys.ToArray());
        Assert.Equal(155, net.ParameterCount());
        Assert.Same(net.Fc1.Weight, net.StateDict()["fc1.weight"]);
        Assert.Equal([8, 4], net.StateDict()["fc1.weight"].ShapeArray());
        Assert.Equal(DType.Int64, net.StateDict()["layers.1.num_batches_tracked"].DType);
        Assert.Equal(net.Parameters(), net.NamedParameters().Select(p => p.Parameter));
        Assert.All(net.Parameters(), p => Assert.True(p.RequiresGrad && p.IsLeaf));
    }

    [Fact]
    public void Named_modules_are_depth_first_preorder_like_pytorch()
    {
        var net = new Net(new Generator(1));
        var modules = net.NamedModules().ToList();
        Assert.Equal(["", "fc1", "layers", "layers.0", "layers.1", "layers.2", "fc2"], modules.Select(m => m.Name).ToArray());
        Assert.Same(net, modules[0].Module);
        Assert.Same(net.Layers[1], modules[4].Module);
        Assert.Equal(["fc1", "layers", "fc2"], net.NamedChildren().Select(c => c.Key).ToArray());
    }

    [Fact]
    public void ModuleList_and_ModuleDict_register_their_members()
    {
        var m = new Containers();
        Assert.Equal(["blocks.0.weight", "blocks.0.bias", "blocks.1.weight", "blocks.1.bias", "heads.cls.weight", "heads.cls.bias", "heads.reg.weight"],
            m.NamedParameters().Select(p => p.Name).ToArray());
        Assert.Equal(6 + 6 + 9 + 2, m.ParameterCount());
        Assert.Equal(["cls", "reg"], m.Heads.Select(kv => kv.Key).ToArray());
        Assert.True(m.Heads.ContainsKey("reg"));
        var missing = Assert.Throws<KeyNotFoundException>(() => m.Heads["nope"]);
        Assert.Contains("nope", missing.Message);
        Assert.Equal(2, m.Blocks.Count);
        Assert.Throws<InvalidOperationException>(() => m.Blocks.Forward(Tensor.Zeros(1, 2)));
        Assert.Throws<InvalidOperationException>(() => m.Heads.Forward(Tensor.Zeros(1, 2)));
        Assert.Equal([5, 3], m.Call(Tensor.Zeros(5, 2)).ShapeArray());
    }

    [Fact]
    public void Sequential_with_names_uses_them()
    {
        var seq = new Sequential([new KeyValuePair<string, Module>("encoder", new Linear(3, 2)), new("act", new Tanh())]);
        Assert.Equal(["encoder.weight", "encoder.bias"], seq.NamedParameters().Select(p => p.Name).ToArray());
        Assert.Equal(["", "encoder", "act"], seq.NamedModules().Select(m => m.Name).ToArray());
        seq.Add(new Linear(2, 1));
        Assert.Equal("2.weight", seq.NamedParameters().ElementAt(2).Name);
    }

    [Fact]
    public void Registration_rejects_bad_and_duplicate_names()
    {
        var r = new Registrar();
        r.Parameter("w");
        Assert.Throws<ArgumentException>(() => r.Parameter("w"));
        Assert.Throws<ArgumentException>(() => r.Buffer("w"));
        Assert.Throws<ArgumentException>(() => r.Child("w"));
        Assert.Throws<ArgumentException>(() => r.Parameter("a.b"));
        Assert.Throws<ArgumentException>(() => r.Parameter(""));
        r.Buffer("b");
        r.Child("c");
        Assert.Equal(["b", "w"], r.StateDict().Keys.Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public void Freeze_stops_gradients_and_trainable_count()
    {
        var net = new Net(new Generator(1));
        net.Fc1.Freeze();
        Assert.Equal(155, net.ParameterCount());
        Assert.Equal(155 - 40, net.ParameterCount(trainableOnly: true));
        Tensor x = Tensor.Normal([6, 4], 0, 1, new Generator(5));
        net.Call(x).Pow(2).Sum().Backward();
        Assert.Null(net.Fc1.Weight.Grad);
        Assert.Null(net.Fc1.Bias!.Grad);
        Assert.All(net.NamedParameters().Where(p => !p.Name.StartsWith("fc1.", StringComparison.Ordinal)),
            p => Assert.True(p.Parameter.Grad is not null, $"{p.Name} got no gradient"));

        net.ZeroGrad();
        Assert.All(net.Parameters(), p => Assert.Null(p.Grad));
        net.Freeze();
        Assert.Equal(0, net.ParameterCount(trainableOnly: true));
        Assert.False(net.Call(x).RequiresGrad);
        net.Freeze(false);
        Assert.Equal(155, net.ParameterCount(trainableOnly: true));
        net.Call(x).Sum().Backward();
        Assert.NotNull(net.Fc1.Weight.Grad);
    }

    [Fact]
    public void Apply_visits_children_first_then_the_module_like_pytorch()
    {
        var net = new Net(new Generator(1));
        var names = new Dictionary<Module, string>(ReferenceEqualityComparer.Instance);
        foreach (var (name, module) in net.NamedModules())
            names[module] = name;
        var order = new List<string>();
        Assert.Same(net, net.Apply(m => order.Add(names[m])));
        Assert.Equal(["fc1", "layers.0", "layers.1", "layers.2", "layers", "fc2", ""], order);

        net.Apply(m =>
        {
            if (m is Linear { Bias: { } b })
                Init.Zeros(b);
        });
        foreach (var (name, p) in net.NamedParameters().Where(p => p.Name.EndsWith("bias", StringComparison.Ordinal) && !p.Name.StartsWith("layers.1", StringComparison.Ordinal)))
            Assert.All(p.ToDoubleArray(), v => Assert.Equal(0.0, v));
        Assert.All(net.Fc1.Weight.ToDoubleArray(), v => Assert.NotEqual(0.0, v));
    }

    [Fact]
    public void Train_and_eval_reach_every_descendant()
    {
        var net = new Net(new Generator(1));
        Assert.All(net.NamedModules(), m => Assert.True(m.Module.Training));
        Assert.Same(net, net.Eval());
        Assert.All(net.NamedModules(), m => Assert.False(m.Module.Training, m.Name));
        net.Train();
        Assert.All(net.NamedModules(), m => Assert.True(m.Module.Training, m.Name));
        net.Layers.Eval();
        Assert.True(net.Training);
        Assert.True(net.Fc1.Training);
        Assert.False(net.Layers[1].Training);

        // BatchNorm in eval mode uses the running statistics: a one-row batch works and gives the affine map of
        // (x − running_mean)/√(running_var + eps) — with the initial statistics, x/√(1 + 1e-5).
        var bn = new BatchNorm1d(3);
        Assert.Throws<ArgumentException>(() => bn.Call(Tensor.Ones(1, 3)));
        bn.Eval();
        Assert.All(bn.Call(Tensor.Full([1, 3], 2.0)).ToDoubleArray(), v => Assert.Equal(2 / Math.Sqrt(1 + 1e-5), v, 6));
    }

    [Fact]
    public void ToString_prints_the_tree_like_pytorch()
    {
        var seq = new Sequential(new Linear(784, 256), new ReLU(), new Linear(256, 10));
        Assert.Equal(
            "Sequential(\n" +
            "  (0): Linear(in_features=784, out_features=256, bias=true)\n" +
            "  (1): ReLU()\n" +
            "  (2): Linear(in_features=256, out_features=10, bias=true)\n" +
            ")", seq.ToString());

        var nested = new Sequential(
            new Linear(4, 8, bias: false),
            new Sequential(new LeakyReLU(0.2), new Dropout(0.5)),
            new Flatten());
        Assert.Equal(
            "Sequential(\n" +
            "  (0): Linear(in_features=4, out_features=8, bias=false)\n" +
            "  (1): Sequential(\n" +
            "    (0): LeakyReLU(negative_slope=0.2)\n" +
            "    (1): Dropout(p=0.5)\n" +
            "  )\n" +
            "  (2): Flatten(start_dim=1, end_dim=-1)\n" +
            ")", nested.ToString());
        Assert.Equal("ELU(alpha=0.5)", new ELU(0.5).ToString());
        Assert.Equal("Softmax(dim=1)", new Softmax(1).ToString());
        Assert.Equal("Identity()", new Identity().ToString());
    }

    [Fact]
    public void ToString_does_not_depend_on_the_current_culture()
    {
        var saved = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            // A culture with a decimal comma (the project runs with invariant globalization, so no named culture).
            var comma = (System.Globalization.CultureInfo)System.Globalization.CultureInfo.InvariantCulture.Clone();
            comma.NumberFormat.NumberDecimalSeparator = ",";
            System.Globalization.CultureInfo.CurrentCulture = comma;
            Assert.Equal("0,5", 0.5.ToString());
            Assert.Equal("Dropout(p=0.5)", new Dropout(0.5).ToString());
            Assert.Equal("LeakyReLU(negative_slope=0.2)", new LeakyReLU(0.2).ToString());
            Assert.Equal("ELU(alpha=0.5)", new ELU(0.5).ToString());
            Assert.DoesNotContain(",1", new BatchNorm1d(4).ToString());
            Assert.DoesNotContain("0,0", new LayerNorm(4, eps: 0.001).ToString());
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void Forward_hooks_run_on_call_and_can_be_removed()
    {
        var lin = new Linear(3, 2);
        var seen = new List<(int[] In, int[] Out)>();
        var handle = lin.RegisterForwardHook((m, i, o) => seen.Add((i.ShapeArray(), o.ShapeArray())));
        lin.Call(Tensor.Zeros(4, 3));
        lin.Forward(Tensor.Zeros(5, 3));   // Forward alone does not run hooks
        handle.Dispose();
        lin.Call(Tensor.Zeros(6, 3));
        Assert.Single(seen);
        Assert.Equal([4, 3], seen[0].In);
        Assert.Equal([4, 2], seen[0].Out);
    }
}
