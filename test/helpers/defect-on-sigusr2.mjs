// Preloaded into a service process by process.test.ts (NODE_OPTIONS=--import): SIGUSR2 makes a defect that no
// handler catches, as a bug in a route or a job would, to show the process stops through its graceful shutdown.
process.on('SIGUSR2', () => {
  setImmediate(() => {
    throw new Error('a defect nothing caught')
  })
})
