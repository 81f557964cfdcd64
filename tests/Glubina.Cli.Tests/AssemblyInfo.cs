// Training seeds the process-wide Generator.Default, so runs must not overlap: tests run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
