import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { App } from './app';
import { RUNS_SOCKET } from './streaming/runs-socket';
import { FakeRunsSocket } from './testing/fake-runs-socket';

describe(App.name, () => {
  it('shows the product name, both modes and every registry model', async () => {
    const socket = new FakeRunsSocket();
    TestBed.configureTestingModule({
      imports: [App],
      providers: [provideHttpClient(), provideHttpClientTesting(), { provide: RUNS_SOCKET, useValue: () => socket }],
    });
    const fixture = TestBed.createComponent(App);
    await fixture.whenStable();
    TestBed.inject(HttpTestingController)
      .expectOne('/api/models')
      .flush({ models: [] });
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    expect(el.querySelector('h1')?.textContent).toContain('Parallax');
    expect(el.querySelector('[data-testid="mode-compare"]')).not.toBeNull();
    expect(el.querySelector('[data-testid="mode-routed"]')).not.toBeNull();
  });
});
