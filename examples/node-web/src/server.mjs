import { createApp } from './app.mjs';

const port = Number(process.env.PORT ?? 3000);
const app = await createApp({ databasePath: process.env.DATABASE_PATH });
app.listen(port, () => console.log(`listening on ${port}`));
