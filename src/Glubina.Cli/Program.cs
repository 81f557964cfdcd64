return Glubina.Cli.CliApp.Run(args);
