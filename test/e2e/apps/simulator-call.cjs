// Fixture app with no knowledge of the simulator: calls ZIA's real gateway name on the port it is given.
const port = process.env.SIMULATOR_PORT;
fetch(`http://api.zsapi.net:${port}/zia/api/v1/status`).then(
  (response) => console.log(JSON.stringify({ status: response.status })),
  (error) => console.log(JSON.stringify({ error: error.cause?.code ?? error.message })),
);
