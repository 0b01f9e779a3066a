import { createGateway } from './bootstrap';

async function main() {
  const { app, config } = await createGateway();
  await app.listen(config.port, config.host);
  console.log(`Parallax gateway on http://localhost:${config.port} (API /api, docs /api/docs)`);
}

main().catch((error: Error) => {
  console.error(`gateway failed to start: ${error.message}`);
  process.exit(1);
});
