using Platform.Insights.Host.Cli;

return await InsightsCli.RunAsync(args);
